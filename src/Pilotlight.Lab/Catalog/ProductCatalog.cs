using System.Globalization;
using Npgsql;

namespace Pilotlight.Lab.Catalog;

/// <summary>The lab's catalogue: SKU-1 … SKU-10, each with a PNG image in the primary's object store.</summary>
internal static class ProductCatalog
{
    public const int Count = 10;

    public static string Sku(int n) => string.Create(CultureInfo.InvariantCulture, $"SKU-{n}");

    /// <summary>Writes the images that are missing; existing ones are left as they are.</summary>
    public static void WriteImages(string objectsDirectory)
    {
        var directory = Path.Combine(objectsDirectory, "products");
        Directory.CreateDirectory(directory);
        for (var n = 1; n <= Count; n++)
        {
            var path = Path.Combine(directory, $"{Sku(n)}.png");
            if (!File.Exists(path))
            {
                var temporary = path + ".tmp";
                File.WriteAllBytes(temporary, Png.Solid(32, 32, (byte)(25 * n), (byte)(255 - (20 * n)), (byte)(90 + (15 * n))));
                File.Move(temporary, path);
            }
        }
    }

    /// <summary>Inserts the products that are missing. The tables are the Shop's: it creates them when it starts on a primary.</summary>
    public static async Task SeedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = string.Join('\n', Enumerable.Range(1, Count).Select(n =>
            string.Create(CultureInfo.InvariantCulture, $"INSERT INTO products (sku, name, price_cents) VALUES ('{Sku(n)}', 'Product {n}', {n * 250}) ON CONFLICT (sku) DO NOTHING;")));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
