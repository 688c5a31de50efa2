using Npgsql;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Tests.Clones;

/// <summary>
/// What the clone tests share: connections to a clone, a watch on the standby's streaming, and a teardown that kills
/// by PID (from its postmaster.pid) any clone server a failed test left running.
/// </summary>
internal sealed class CloneServers : IAsyncDisposable
{
    private readonly List<string> _directories = [];

    /// <summary>Remembers a clone's data directory so that teardown can find its server.</summary>
    public void Track(string dataDirectory)
    {
        lock (_directories)
        {
            _directories.Add(dataDirectory);
        }
    }

    /// <summary>The postgres role (trusted from 127.0.0.1 in the test pairs), unpooled.</summary>
    public static string Connection(int port, string database = "shop") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Database = database,
        Pooling = false,
        Timeout = 3,
    }.ConnectionString;

    public static async Task<T?> ScalarAsync<T>(string connection, string sql, CancellationToken cancellationToken)
    {
        await using var open = new NpgsqlConnection(connection);
        await open.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, open);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull or null ? default : (T)value;
    }

    /// <summary>Every slot of a server, by name ("" when none).</summary>
    public static async Task<string> SlotsAsync(PostgresNode node, CancellationToken cancellationToken) =>
        await ScalarAsync<string>(Connection(node.Port, "postgres"), "SELECT coalesce(string_agg(slot_name || ':' || temporary, ',' ORDER BY slot_name), '') FROM pg_replication_slots", cancellationToken) ?? "";

    /// <summary>How the primary sees the standby b: its pg_stat_replication state, or "absent".</summary>
    public static async Task<string> StandbyStateAsync(PostgresNode primary, CancellationToken cancellationToken) =>
        await ScalarAsync<string>(Connection(primary.Port, "postgres"), "SELECT coalesce((SELECT state FROM pg_stat_replication WHERE application_name = 'b'), 'absent')", cancellationToken) ?? "absent";

    /// <summary>
    /// Asks the primary every 100 ms how it sees the standby until cancelled; returns every answer that was not
    /// "streaming" (with when it came), so a test can say that replication never stopped.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WatchStreamingAsync(PostgresNode primary, CancellationToken stop)
    {
        var seen = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var state = await StandbyStateAsync(primary, stop);
                if (state != "streaming")
                {
                    seen.Add($"{state} at {clock.Elapsed.TotalSeconds:0.0}s");
                }

                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (NpgsqlException e)
            {
                seen.Add($"primary did not answer ({e.Message}) at {clock.Elapsed.TotalSeconds:0.0}s");
            }
        }

        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        string[] directories;
        lock (_directories)
        {
            directories = [.. _directories];
        }

        foreach (var directory in directories)
        {
            if (Postmaster.Find(directory, "clone") is { } server)
            {
                Signals.SendGroup(server, Signals.Kill);
                await Signals.WaitForExitAsync(server, TimeSpan.FromSeconds(10), CancellationToken.None);
            }
        }
    }
}
