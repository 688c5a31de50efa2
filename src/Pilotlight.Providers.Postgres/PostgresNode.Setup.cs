using System.Globalization;
using Npgsql;
using Pilotlight.Core.Processes;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresNode
{
    /// <summary>
    /// Creates the cluster if there is none: tuned for a fast start and for the failover and failback to come
    /// (WAL for replicas, commit timestamps, hint bits logged so pg_rewind works, a short WAL retry interval so a
    /// promotion right after the primary's loss is not stalled — see FIELD-NOTES, pitfall 1).
    /// </summary>
    public async Task InitPrimaryAsync(CancellationToken cancellationToken)
    {
        if (IsInitialized)
        {
            return;
        }

        await PrepareDirectoryAsync(cancellationToken);
        var result = await CommandRunner.RunAsync(
            Path.Combine(_options.BinDir, "initdb"),
            ["-D", _options.DataDir, "-U", _options.User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
            TimeSpan.FromSeconds(60),
            cancellationToken,
            _options.RunAsUser);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"initdb for postgres {Site} failed: {result.LastLine}");
        }

        await File.AppendAllTextAsync(Path.Combine(_options.DataDir, "postgresql.conf"), string.Create(CultureInfo.InvariantCulture, $"""

            # Pilotlight
            listen_addresses = '{_options.Host}'
            port = {_options.Port}
            unix_socket_directories = '{SocketDir}'
            shared_buffers = 16MB
            max_connections = 60
            wal_level = replica
            max_wal_senders = 10
            max_replication_slots = 10
            wal_keep_size = 64MB
            hot_standby = on
            hot_standby_feedback = on
            track_commit_timestamp = on
            wal_log_hints = on
            wal_retrieve_retry_interval = 200ms
            wal_receiver_status_interval = 1s
            checkpoint_timeout = 5min
            logging_collector = off
            log_min_messages = warning

            """), cancellationToken);
        if (_options.TrustedNetwork is { } network)
        {
            await File.AppendAllTextAsync(Path.Combine(_options.DataDir, "pg_hba.conf"), $"host all all {network} trust\nhost replication all {network} trust\n", cancellationToken);
        }
    }

    /// <summary>
    /// Clones a running primary into a hot standby with its own physical replication slot, then overrides what
    /// the base backup copied that must differ here (FIELD-NOTES, pitfalls 2 and 5): address, port, socket directory, the
    /// application name the primary knows it by, and no synchronous standby of its own.
    /// </summary>
    public async Task CreateStandbyAsync(PostgresNode primary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(primary);
        if (IsInitialized)
        {
            return;
        }

        await PrepareDirectoryAsync(cancellationToken);
        await using (var connection = new NpgsqlConnection(primary.Connection("postgres", pooling: false)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var slot = new NpgsqlCommand(
                "SELECT pg_create_physical_replication_slot($1) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)",
                connection) { Parameters = { new() { Value = SlotName } } };
            await slot.ExecuteNonQueryAsync(cancellationToken);
        }

        var result = await CommandRunner.RunAsync(
            Path.Combine(_options.BinDir, "pg_basebackup"),
            ["-h", primary._options.Host, "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", _options.User, "-D", _options.DataDir,
             "-R", "-S", SlotName, "-X", "stream", "-c", "fast", "--no-sync"],
            TimeSpan.FromSeconds(120),
            cancellationToken,
            _options.RunAsUser);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_basebackup of postgres {primary.Site} into {Site} failed: {result.LastLine}");
        }

        var conninfo = $"host={primary._options.Host} port={primary.Port} user={_options.User} application_name={Site}";
        await File.AppendAllTextAsync(Path.Combine(_options.DataDir, "postgresql.auto.conf"), string.Create(CultureInfo.InvariantCulture, $"""

            # Pilotlight: this clone is the standby of site {Site}
            listen_addresses = '{_options.Host}'
            port = {_options.Port}
            unix_socket_directories = '{SocketDir}'
            primary_conninfo = '{conninfo}'
            primary_slot_name = '{SlotName}'
            synchronous_standby_names = ''

            """), cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="standbySite"/> this primary's synchronous standby with <c>remote_apply</c>, so a
    /// committed row is readable there when COMMIT returns; null makes replication asynchronous again.
    /// </summary>
    public async Task SetSynchronousStandbyAsync(string? standbySite, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Connection("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        var statements = standbySite is null
            ? "ALTER SYSTEM RESET synchronous_standby_names; ALTER SYSTEM RESET synchronous_commit; SELECT pg_reload_conf();"
            : $"ALTER SYSTEM SET synchronous_standby_names = '\"{standbySite.Replace("'", "", StringComparison.Ordinal)}\"'; ALTER SYSTEM SET synchronous_commit = 'remote_apply'; SELECT pg_reload_conf();";
        await using (var command = new NpgsqlCommand(statements, connection))
        {
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

    private string SlotName => Site.Replace('-', '_');

    /// <summary>The site directory, owned by the server's user, who must be able to reach it through every parent.</summary>
    private async Task PrepareDirectoryAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SiteDirectory);
        if (_options.RunAsUser is not { } user || !ProcessLauncher.IsRoot)
        {
            return;
        }

        var chown = await CommandRunner.RunAsync("chown", ["-R", $"{user}:{user}", SiteDirectory], TimeSpan.FromSeconds(30), cancellationToken);
        if (!chown.Succeeded)
        {
            throw new InvalidOperationException($"cannot give {SiteDirectory} to user {user}: {chown.LastLine}");
        }

        var reach = await CommandRunner.RunAsync("test", ["-w", SiteDirectory, "-a", "-x", SiteDirectory], TimeSpan.FromSeconds(10), cancellationToken, user);
        if (!reach.Succeeded)
        {
            throw new InvalidOperationException(
                $"user {user} cannot reach {SiteDirectory} (a parent directory is not searchable by it, e.g. under /root); use a state directory under /tmp or /var/lib");
        }
    }
}
