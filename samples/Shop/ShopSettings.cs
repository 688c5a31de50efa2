using System.Globalization;

namespace Shop;

/// <summary>The Shop's settings, from the environment the compute provider sets.</summary>
internal sealed record ShopSettings
{
    private static readonly string[] Required = ["SHOP_SITE", "SHOP_PORT", "SHOP_DATABASE", "SHOP_OBJECTS"];

    public required string Site { get; init; }

    /// <summary>SHOP_HOST, else 127.0.0.1 (the lab sets it to a site's own address when sites live in network namespaces).</summary>
    public required string Host { get; init; }

    public required int Port { get; init; }

    public required string Database { get; init; }

    /// <summary>The site's object-store directory, made absolute.</summary>
    public required string Objects { get; init; }

    /// <summary>SHOP_SETTINGS, when set: a file of KEY=VALUE lines read at start; see <see cref="ShopSettingsFile"/>.</summary>
    public string? SettingsFile { get; init; }

    /// <summary>Reads the environment; null, after one line on <paramref name="error"/>, when a required variable is missing or wrong.</summary>
    public static ShopSettings? FromEnvironment(TextWriter error)
    {
        var missing = Required.Where(n => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(n))).ToList();
        if (missing.Count > 0)
        {
            error.WriteLine($"shop: missing environment variable(s) {string.Join(", ", missing)}; expected SHOP_SITE (site name), SHOP_PORT (listen port), SHOP_DATABASE (Npgsql connection string) and SHOP_OBJECTS (object store directory)");
            return null;
        }

        var portText = Environment.GetEnvironmentVariable("SHOP_PORT");
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error.WriteLine($"shop: SHOP_PORT '{portText}' is not a port; expected 1 to 65535");
            return null;
        }

        return new ShopSettings
        {
            Site = Environment.GetEnvironmentVariable("SHOP_SITE")!,
            Host = Environment.GetEnvironmentVariable("SHOP_HOST") is { Length: > 0 } host ? host : "127.0.0.1",
            Port = port,
            Database = Environment.GetEnvironmentVariable("SHOP_DATABASE")!,
            Objects = Path.GetFullPath(Environment.GetEnvironmentVariable("SHOP_OBJECTS")!),
            SettingsFile = Environment.GetEnvironmentVariable("SHOP_SETTINGS") is { Length: > 0 } file ? file : null,
        };
    }
}
