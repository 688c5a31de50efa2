using System.Data.Common;
using Npgsql;

namespace Shop;

/// <summary>
/// The Shop's data access. Every call takes a connection from the pool and gives it back; the pool is cleared after a
/// database failure, so no connection outlives a failover.
/// </summary>
internal sealed partial class ShopDatabase(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<ShopDatabase> logger)
{
    private const string OrderColumns = "SELECT id, sku, qty, client_ref, site, created_at FROM orders";

    /// <summary>A pooled data source; short timeouts (Timeout=2, Command Timeout=5) unless the connection string sets its own.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, string site)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = 2;
        }

        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
        {
            builder.CommandTimeout = 5;
        }

        if (!given.ContainsKey("Application Name") && !given.ContainsKey("ApplicationName"))
        {
            builder.ApplicationName = $"shop-{site}";
        }

        return NpgsqlDataSource.Create(builder);
    }

    /// <summary>Inserts an order and returns its id only after COMMIT returned; null when the sku is unknown.</summary>
    public Task<long?> PlaceAsync(string sku, int qty, string? clientRef, string site, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // A COMMIT whose wait for a synchronous standby is cancelled (Npgsql cancels on command timeout) still
        // returns success, with only a WARNING saying it may not be replicated: such a write must not be acknowledged.
        var unreplicated = false;
        connection.Notice += (_, e) => unreplicated |= e.Notice.SqlState == PostgresErrorCodes.Warning
            && e.Notice.MessageText.Contains("synchronous replication", StringComparison.OrdinalIgnoreCase);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO orders (sku, qty, client_ref, site) SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM products WHERE sku = $1) RETURNING id",
            connection,
            transaction);
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = qty });
        command.Parameters.Add(new() { Value = (object?)clientRef ?? DBNull.Value });
        command.Parameters.Add(new() { Value = site });
        if (await command.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (long?)null;
        }

        await transaction.CommitAsync(cancellationToken);
        if (unreplicated)
        {
            logger.CommitNotReplicated(id);
            throw new DatabaseUnavailableException("commit not confirmed: the wait for the synchronous standby was cancelled");
        }

        return id;
    });

    public Task<Order?> FindAsync(long id, CancellationToken cancellationToken) => GuardAsync(async () =>
        (await QueryOrdersAsync($"{OrderColumns} WHERE id = $1", id, cancellationToken)).SingleOrDefault());

    /// <summary>The orders placed with <paramref name="clientRef"/>, oldest first, at most 1000.</summary>
    public Task<List<Order>> ByClientRefAsync(string clientRef, CancellationToken cancellationToken) => GuardAsync(() =>
        QueryOrdersAsync($"{OrderColumns} WHERE client_ref = $1 ORDER BY id LIMIT 1000", clientRef, cancellationToken));

    /// <summary>The catalogue ordered by the number in the sku (SKU-2 before SKU-10).</summary>
    public Task<List<Product>> ProductsAsync(CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        await using var command = dataSource.CreateCommand(
            "SELECT sku, name, price_cents FROM products ORDER BY substring(sku FROM '[0-9]+$')::numeric NULLS LAST, sku");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var products = new List<Product>();
        while (await reader.ReadAsync(cancellationToken))
        {
            products.Add(new Product(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return products;
    });

    private async Task<List<Order>> QueryOrdersAsync(string sql, object value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orders = new List<Order>();
        while (await reader.ReadAsync(cancellationToken))
        {
            orders.Add(new Order(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return orders;
    }
}
