using Npgsql;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>
/// The strong fence of a server whose data directory is on this host, through the host rather than through SQL (a
/// read-only default is no fence: any session can turn it off — FIELD-NOTES, pitfall 7): <c>standby.signal</c> is
/// written so that any restart brings the server back read-only, in recovery; then every process of the server is
/// frozen at once and killed, so no backend — not even one frozen mid-transaction — can commit afterwards. Works on
/// a frozen server; the postmaster is found from postmaster.pid (see <see cref="Postmaster"/>).
/// </summary>
internal sealed class DataDirectoryFence(string dataDir, string name, Func<string> controlConnection) : IServerFence
{
    private const string FenceMarker = "fenced by pilotlight";

    private string StandbySignalPath => Path.Combine(dataDir, "standby.signal");

    /// <summary>True once the data directory holds a complete cluster.</summary>
    public bool IsInitialized => File.Exists(Path.Combine(dataDir, "PG_VERSION"));

    /// <summary>The running server's process, if postmaster.pid names a live postgres serving this data directory.</summary>
    public ProcessRecord? Running => Postmaster.Find(dataDir, name);

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

    public async Task FenceAsync(CancellationToken cancellationToken)
    {
        if (!IsInitialized)
        {
            throw new InvalidOperationException($"unreachable: not fenced: {name}'s data directory {dataDir} is not on this host");
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
            await using var connection = new NpgsqlConnection(controlConnection());
            await connection.OpenAsync(cancellationToken);
            await using var check = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            return (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or PasswordUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
