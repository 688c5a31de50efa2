using System.Globalization;
using Npgsql;

namespace Shop;

internal sealed partial class ShopDatabase
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Null when this instance can write to its database: a real write, rolled back (a hot standby refuses it); else why not.</summary>
    public async Task<string?> WriteProblemAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var probe = GuardAsync(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(linked.Token);
            await using var transaction = await connection.BeginTransactionAsync(linked.Token);
            await using var command = new NpgsqlCommand("INSERT INTO health_probe (id) VALUES (1)", connection, transaction)
            {
                CommandTimeout = (int)ProbeTimeout.TotalSeconds,
            };
            await command.ExecuteNonQueryAsync(linked.Token);
            await transaction.RollbackAsync(linked.Token);
            return true;
        });
        try
        {
            // A cancelled command against a frozen server waits for its cancel request too: the answer must not.
            await probe.WaitAsync(ProbeTimeout, timeProvider, cancellationToken);
            return null;
        }
        catch (DatabaseUnavailableException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _ = probe.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            dataSource.Clear();
            return string.Create(CultureInfo.InvariantCulture, $"database unreachable: no answer within {ProbeTimeout.TotalSeconds} s");
        }
        catch (PostgresException e)
        {
            return $"database refused the probe write: {e.MessageText}";
        }
    }
}
