using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresNode
{
    private const string FenceMarker = "fenced by pilotlight";

    private string StandbySignalPath => Path.Combine(_options.DataDir, "standby.signal");

    /// <summary>True when Pilotlight fenced this server (its standby.signal says so): an old primary, not a replica.</summary>
    public bool IsFenceMarked
    {
        get
        {
            try
            {
                return File.Exists(StandbySignalPath) && File.ReadAllText(StandbySignalPath).StartsWith(FenceMarker, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// A fence that holds against every client, through the server's host rather than through SQL (a read-only
    /// default is no fence: any session can turn it off — FIELD-NOTES, pitfall 7): <c>standby.signal</c> is written so
    /// that any restart brings the server back read-only, in recovery; then every process of the server is frozen at
    /// once and killed, so no backend — not even one frozen mid-transaction — can commit afterwards. Works on a
    /// frozen or partitioned server whose host this is; fails, saying so, when the data directory is not here.
    /// </summary>
    public async Task FenceAsync(CancellationToken cancellationToken)
    {
        if (!IsInitialized)
        {
            throw new InvalidOperationException($"unreachable: not fenced: postgres {Site}'s data directory {_options.DataDir} is not on this host");
        }

        if (!IsFenceMarked)
        {
            // standby.signal's content is not read by PostgreSQL: the marker tells a fenced old primary from a standby.
            await File.WriteAllTextAsync(StandbySignalPath, $"{FenceMarker} {DateTimeOffset.UtcNow:O}\n", cancellationToken);
        }

        if (Running is not { } postmaster)
        {
            return;
        }

        // The postmaster first, so that it forks no new backend, then each child (each leads a group of its own).
        Signals.Send(postmaster, Signals.Stop);
        var children = ProcessTree.Descendants(postmaster);
        foreach (var child in children)
        {
            Signals.Send(child, Signals.Stop);
        }

        Signals.Send(postmaster, Signals.Kill);
        foreach (var child in children)
        {
            Signals.Send(child, Signals.Kill);
        }

        if (!await Signals.WaitForExitAsync(postmaster, TimeSpan.FromSeconds(5), cancellationToken))
        {
            throw new InvalidOperationException($"not fenced: {postmaster} did not exit after SIGKILL");
        }
    }

    /// <summary>
    /// True only when the server provably takes no write: it is down with <c>standby.signal</c> in place (a restart
    /// comes back in recovery), or it answers in recovery. A frozen or unanswering primary is not fenced.
    /// </summary>
    public async Task<bool> IsFencedAsync(CancellationToken cancellationToken)
    {
        if (!IsInitialized || !File.Exists(StandbySignalPath))
        {
            return false;
        }

        if (Running is null)
        {
            return true;
        }

        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(Connection("postgres", pooling: false));
            await connection.OpenAsync(cancellationToken);
            await using var check = new Npgsql.NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            return (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The PIDs a server process record names, for tests and status: the postmaster and its children.</summary>
    public IReadOnlyList<ProcessRecord> ServerProcesses() =>
        Running is { } postmaster ? [postmaster, .. ProcessTree.Descendants(postmaster)] : [];

}
