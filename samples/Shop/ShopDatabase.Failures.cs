using Npgsql;

namespace Shop;

internal sealed partial class ShopDatabase
{
    /// <summary>Runs a database action; a read-only or unreachable database becomes one clear reason, and the pool is cleared so the next request reconnects.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> action)
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
        catch (PostgresException e) when (IsUnavailable(e.SqlState))
        {
            dataSource.Clear();
            logger.DatabaseUnavailable(e.MessageText);
            throw new DatabaseUnavailableException($"database unavailable: {e.MessageText}", e);
        }
        catch (Exception e) when (e is NpgsqlException and not PostgresException || e is TimeoutException)
        {
            dataSource.Clear();
            logger.DatabaseUnavailable(e.Message);
            throw new DatabaseUnavailableException($"database unreachable: {e.Message}", e);
        }
    }

    // 08: connection exception, 57: operator intervention (shutting down, starting up, in recovery), 53: out of connections.
    private static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("57", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal);
}
