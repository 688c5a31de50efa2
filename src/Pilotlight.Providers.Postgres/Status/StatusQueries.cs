using Npgsql;

namespace Pilotlight.Providers.Postgres.Status;

/// <summary>The queries behind a database status. Each one is one round trip on a fresh connection.</summary>
internal static class StatusQueries
{
    // pg_walfile_name names the timeline WAL is written on now; pg_control_checkpoint() would still show the old
    // one until the first checkpoint after a promotion. A standby streams (and replays) the received timeline.
    private const string Observe =
        """
        SELECT pg_is_in_recovery(),
               CASE WHEN pg_is_in_recovery()
                    THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM pg_control_checkpoint()))
                    ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
               (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text,
               pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint,
               coalesce((SELECT status = 'streaming' FROM pg_stat_wal_receiver), false),
               (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'),
               pg_last_xact_replay_timestamp(),
               clock_timestamp() - pg_last_xact_replay_timestamp()
        """;

    // The primary's WAL position against the standby's replay position as the standby reported it a moment ago
    // (fresher than pg_stat_replication.replay_lsn, which the standby updates only every status interval). Only a
    // primary that this standby follows (it streams to it, or they share the timeline) is asked.
    private const string Primary =
        """
        SELECT CASE WHEN pg_is_in_recovery() THEN NULL
                    WHEN EXISTS (SELECT 1 FROM pg_stat_replication WHERE application_name = $1)
                      OR ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int = $3
                    THEN pg_wal_lsn_diff(pg_current_wal_lsn(), $2::pg_lsn)::bigint END,
               CASE WHEN current_setting('track_commit_timestamp')::bool THEN (pg_last_committed_xact()).timestamp END
        """;

    public static async Task<ServerObservation> ObserveAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Observe, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ServerObservation(
            reader.GetBoolean(0),
            reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : Math.Max(0, reader.GetInt64(3)),
            reader.GetBoolean(4),
            reader.GetInt64(5),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTime>(6),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<TimeSpan>(7));
    }

    /// <summary>Null when the other server is no primary of this standby.</summary>
    public static async Task<PrimaryView?> PrimaryViewAsync(string connectionString, string standbySite, ServerObservation standby, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Primary, connection)
        {
            Parameters = { new() { Value = standbySite }, new() { Value = standby.Lsn! }, new() { Value = standby.Timeline ?? 0 } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? null : new PrimaryView(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTime>(1));
    }
}
