using System.Globalization;

namespace Pilotlight.Providers.Postgres;

/// <summary>The settings Pilotlight appends to a new primary's postgresql.conf and to a fresh clone's postgresql.auto.conf.</summary>
internal static class ServerConfig
{
    /// <summary>
    /// Small and quick to start, ready for failover and failback: WAL for replicas, commit timestamps (the lag
    /// estimate compares them), hint bits logged so pg_rewind works, and a short WAL retry interval, inherited by
    /// every clone, so a promotion right after the primary's loss is not stalled (FIELD-NOTES, pitfall 1).
    /// fsync and synchronous_commit keep their defaults (on): an acknowledged write is durable.
    /// </summary>
    public static string Primary(PostgresNodeOptions options, string socketDirectory) => string.Create(CultureInfo.InvariantCulture, $"""

        # Pilotlight
        listen_addresses = '{options.Host}'
        port = {options.Port}
        unix_socket_directories = '{socketDirectory}'
        max_connections = 60
        shared_buffers = 16MB
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
        logging_collector = off
        log_destination = 'stderr'

        """);

    /// <summary>Trust for the local socket and 127.0.0.1 is initdb's own (--auth=trust); this adds a site network.</summary>
    public static string TrustedNetwork(string network) => $"host all all {network} trust\nhost replication all {network} trust\n";

    /// <summary>
    /// What a base backup copied from the primary but must differ on the clone (FIELD-NOTES, pitfalls 2 and 5):
    /// address, port, socket, the name the primary knows it by, its slot, and no synchronous standby of its own.
    /// Appended last, so these win over the copies and over pg_basebackup -R's own primary_conninfo.
    /// </summary>
    public static string StandbyOverrides(PostgresNodeOptions standby, string socketDirectory, PostgresNodeOptions primary, string slot) =>
        string.Create(CultureInfo.InvariantCulture, $"""

            # Pilotlight: the standby of site {standby.Site}
            listen_addresses = '{standby.Host}'
            port = {standby.Port}
            unix_socket_directories = '{socketDirectory}'
            primary_conninfo = 'host={primary.Host} port={primary.Port} user={standby.User} application_name={standby.Site} connect_timeout=2'
            primary_slot_name = '{slot}'
            synchronous_standby_names = ''

            """);
}
