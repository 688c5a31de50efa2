using Npgsql;

namespace Shop;

internal sealed partial class ShopDatabase
{
    private static readonly TimeSpan SchemaTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Creates the tables on a writable database; on a standby or an unreachable one, skips it (the lab creates them on the primary).</summary>
    public async Task TryCreateSchemaAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(SchemaTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var creation = CreateSchemaAsync(linked.Token);
        try
        {
            await creation.WaitAsync(SchemaTimeout, timeProvider, cancellationToken);
            logger.SchemaReady();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            logger.SchemaSkipped("database is read-only (standby)");
        }
        catch (NpgsqlException e)
        {
            dataSource.Clear();
            logger.SchemaSkipped(e.Message);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _ = creation.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            dataSource.Clear();
            logger.SchemaSkipped($"no answer within {SchemaTimeout.TotalSeconds} s");
        }
    }

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ShopSchema.Sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
