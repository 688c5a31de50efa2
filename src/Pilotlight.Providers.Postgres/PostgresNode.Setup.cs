using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresNode
{
    /// <summary>
    /// Creates and configures the cluster if there is none (see <see cref="ServerConfig.Primary"/>). It is built in
    /// a staging directory and moved into place when complete, so an interrupted run is simply run again.
    /// </summary>
    public async Task InitPrimaryAsync(CancellationToken cancellationToken)
    {
        if (IsInitialized)
        {
            return;
        }

        var staging = await PrepareStagingAsync("initdb", cancellationToken);
        await RunAsync(
            "initdb",
            ["-D", staging, "-U", _options.User, "--auth=trust", "-E", "UTF8", "--locale=C"],
            TimeSpan.FromSeconds(60),
            cancellationToken);
        await File.AppendAllTextAsync(Path.Combine(staging, "postgresql.conf"), ServerConfig.Primary(_options, SocketDir), cancellationToken);
        if (_options.TrustedNetwork is { } network)
        {
            await File.AppendAllTextAsync(Path.Combine(staging, "pg_hba.conf"), ServerConfig.TrustedNetwork(network), cancellationToken);
        }

        MoveIntoPlace(staging);
    }

    /// <summary>
    /// Clones a running primary into a hot standby that streams through its own physical replication slot,
    /// with what the base backup copied overridden where it must differ (see <see cref="ServerConfig.StandbyOverrides"/>).
    /// Like <see cref="InitPrimaryAsync"/>, built aside and moved into place when complete.
    /// </summary>
    public async Task CreateStandbyAsync(PostgresNode primary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(primary);
        if (IsInitialized)
        {
            return;
        }

        var staging = await PrepareStagingAsync("basebackup", cancellationToken);
        await primary.EnsureReplicationSlotAsync(SlotName, cancellationToken);
        await RunAsync(
            "pg_basebackup",
            ["-h", primary._options.Host, "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", _options.User, "-D", staging, "-R", "-S", SlotName, "-X", "stream", "-c", "fast"],
            TimeSpan.FromSeconds(120),
            cancellationToken);
        await File.AppendAllTextAsync(Path.Combine(staging, "postgresql.auto.conf"), ServerConfig.StandbyOverrides(_options, SocketDir, primary._options, SlotName), cancellationToken);
        MoveIntoPlace(staging);
    }

    /// <summary>
    /// Makes <paramref name="standbySite"/> this primary's synchronous standby with <c>remote_apply</c>, so a
    /// committed row is readable there when COMMIT returns, and waits until the primary reports it as sync;
    /// null makes replication asynchronous again.
    /// </summary>
    public async Task SetSynchronousStandbyAsync(string? standbySite, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Connection("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);

        // ALTER SYSTEM refuses to run in a transaction block: one statement per command.
        string[] statements = standbySite is null
            ? ["ALTER SYSTEM RESET synchronous_standby_names", "ALTER SYSTEM RESET synchronous_commit", "SELECT pg_reload_conf()"]
            : [$"ALTER SYSTEM SET synchronous_standby_names = '{QuoteIdentifier(standbySite).Replace("'", "''", StringComparison.Ordinal)}'",
               "ALTER SYSTEM SET synchronous_commit = 'remote_apply'", "SELECT pg_reload_conf()"];
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (standbySite is null)
        {
            return;
        }

        await Poll.UntilAsync(
            async ct =>
            {
                await using var sync = new NpgsqlCommand("SELECT count(*) FROM pg_stat_replication WHERE application_name = $1 AND sync_state = 'sync'", connection) { Parameters = { new() { Value = standbySite } } };
                return (long)(await sync.ExecuteScalarAsync(ct))! > 0;
            },
            TimeSpan.FromSeconds(30),
            $"site {standbySite} to be the synchronous standby of postgres {Site}",
            cancellationToken);
    }

    /// <summary>The replication slot named after this site (slot names allow only a-z, 0-9 and _).</summary>
    internal string SlotName => SlotNameOf(Site);

    /// <summary>The replication slot a standby of site <paramref name="site"/> streams through (slot names allow only a-z, 0-9 and _).</summary>
    internal static string SlotNameOf(string site) => InvalidSlotCharacters().Replace(site.ToLowerInvariant(), "_");

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex InvalidSlotCharacters();

    private async Task EnsureReplicationSlotAsync(string slot, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Connection("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand(
            "SELECT pg_create_physical_replication_slot($1) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)",
            connection) { Parameters = { new() { Value = slot } } };
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Readies the directories, then an empty staging directory beside the data directory (a leftover of an interrupted run is removed).</summary>
    private async Task<string> PrepareStagingAsync(string purpose, CancellationToken cancellationToken)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.DataDir));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new InvalidOperationException($"postgres {Site}: {target} is not empty but holds no database cluster (no PG_VERSION); move it away or remove it");
        }

        await ServerDirectories.PrepareAsync(_options, SiteDirectory, SocketDir, cancellationToken);
        var staging = $"{target}.{purpose}";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        return staging;
    }

    private void MoveIntoPlace(string staging)
    {
        if (Directory.Exists(_options.DataDir))
        {
            Directory.Delete(_options.DataDir); // empty, checked before staging
        }

        Directory.Move(staging, _options.DataDir);
    }

    private async Task RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunAsync(Path.Combine(_options.BinDir, program), arguments, timeout, cancellationToken, _options.RunAsUser, workingDirectory: SiteDirectory);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{program} for postgres {Site} failed: {(result.TimedOut ? $"no result within {timeout.TotalSeconds:0}s" : result.LastLine)}");
        }
    }
}
