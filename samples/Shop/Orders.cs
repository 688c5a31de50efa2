using Npgsql;

namespace Shop;

/// <summary>The Shop's data access. Connections come from a pool that is cleared after a database failure, so no connection outlives a failover.</summary>
internal sealed partial class Orders(NpgsqlDataSource dataSource, ShopSettings settings, ILogger<Orders> logger)
{
    /// <summary>Inserts an order; returns null when the sku is unknown. Returns after COMMIT.</summary>
    public Task<long?> PlaceAsync(string sku, int qty, string? clientRef, CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO orders (sku, qty, client_ref, site) SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM products WHERE sku = $1) RETURNING id");
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = qty });
        command.Parameters.Add(new() { Value = (object?)clientRef ?? DBNull.Value });
        command.Parameters.Add(new() { Value = settings.Site });
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : (long?)null;
    });

    public Task<Order?> FindAsync(long id, CancellationToken cancellationToken) => Guard(async () =>
        (await QueryOrdersAsync("WHERE id = $1", id, cancellationToken)).SingleOrDefault());

    public Task<List<Order>> ByClientRefAsync(string clientRef, CancellationToken cancellationToken) => Guard(() =>
        QueryOrdersAsync("WHERE client_ref = $1 ORDER BY id LIMIT 1000", clientRef, cancellationToken));

    public Task<List<Product>> ProductsAsync(CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var command = dataSource.CreateCommand("SELECT sku, name, price_cents FROM products ORDER BY length(sku), sku");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var products = new List<Product>();
        while (await reader.ReadAsync(cancellationToken))
        {
            products.Add(new Product(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return products;
    });

    /// <summary>Null when this instance can write to its database: a real write, rolled back (a standby refuses it).</summary>
    public async Task<string?> WriteProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Guard(async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var command = new NpgsqlCommand("INSERT INTO health_probe (id) VALUES (1)", connection, transaction) { CommandTimeout = 2 };
                await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.RollbackAsync(cancellationToken);
                return 0;
            });
            return null;
        }
        catch (DatabaseUnavailableException e)
        {
            return e.Message;
        }
    }

    /// <summary>Creates the tables on a writable database; on a standby or an unreachable one, skips it.</summary>
    public static async Task TryCreateSchemaAsync(NpgsqlDataSource dataSource, ILogger logger)
    {
        try
        {
            await using var command = dataSource.CreateCommand(ShopSchema.Sql);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogSchemaSkipped(logger, e.Message);
        }
    }

    private async Task<List<Order>> QueryOrdersAsync(string where, object value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT id, sku, qty, client_ref, site, created_at FROM orders {where}");
        command.Parameters.Add(new() { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orders = new List<Order>();
        while (await reader.ReadAsync(cancellationToken))
        {
            orders.Add(new Order(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return orders;
    }

    // Database failures become one clear reason; the pool is cleared so the next request reconnects afresh.
    private async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            dataSource.Clear();
            throw new DatabaseUnavailableException("database is read-only (standby)", e);
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("57", StringComparison.Ordinal) || e.SqlState.StartsWith("08", StringComparison.Ordinal))
        {
            dataSource.Clear();
            throw new DatabaseUnavailableException($"database unavailable: {e.MessageText}", e);
        }
        catch (Exception e) when (e is NpgsqlException and not PostgresException || e is TimeoutException)
        {
            dataSource.Clear();
            LogDatabaseDown(logger, e.Message);
            throw new DatabaseUnavailableException($"database unreachable: {e.Message}", e);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Schema not created (database read-only or unreachable): {Reason}")]
    private static partial void LogSchemaSkipped(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Database unreachable: {Reason}")]
    private static partial void LogDatabaseDown(ILogger logger, string reason);
}
