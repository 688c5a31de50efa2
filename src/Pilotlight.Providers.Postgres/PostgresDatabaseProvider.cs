using Npgsql;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres;

/// <summary>
/// The <c>postgres</c> database provider's view of both sites. A standby's lag is asked of the primary first
/// (how far its replay trails the primary's WAL), else of the standby itself (received but not replayed).
/// </summary>
public sealed class PostgresDatabaseProvider(IReadOnlyDictionary<string, PostgresNode> nodes) : IDatabaseProvider
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);

    public async Task<DatabaseStatus> GetStatusAsync(string site, CancellationToken cancellationToken)
    {
        if (!nodes.TryGetValue(site, out var node))
        {
            throw new ArgumentException($"no database for site '{site}'", nameof(site));
        }

        var own = await ObserveAsync(node, cancellationToken);
        if (own.Problem is { } problem)
        {
            return new DatabaseStatus(site, DatabaseRole.Unreachable, null, null, null, null, false, problem);
        }

        if (!own.InRecovery)
        {
            return new DatabaseStatus(site, DatabaseRole.Primary, own.Timeline, own.Lsn, null, null, own.Senders > 0, null);
        }

        long? lagBytes = null;
        foreach (var other in nodes.Where(n => n.Key != site).Select(n => n.Value))
        {
            lagBytes ??= await LagSeenByPrimaryAsync(other, site, cancellationToken);
        }

        lagBytes ??= own.UnreplayedBytes;

        // Nothing left to replay means no lag, however long ago the last transaction was.
        TimeSpan? lagTime = lagBytes is 0 ? TimeSpan.Zero : own.SinceLastReplay is { } seconds ? TimeSpan.FromSeconds(Math.Max(0, seconds)) : null;
        return new DatabaseStatus(site, DatabaseRole.Standby, own.Timeline, own.Lsn, lagBytes, lagTime, own.ReceiverStatus == "streaming", null);
    }

    /// <summary>
    /// pg_promote, waiting for the end of recovery. The new primary has no standby yet, so any synchronous
    /// standby name it inherited is cleared — else every commit would wait for a standby that does not exist
    /// (FIELD-NOTES, pitfall 2): until failback attaches one, the promoted primary replicates to no one.
    /// </summary>
    public async Task PromoteAsync(string site, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Node(site).Connection("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using (var check = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection))
        {
            if ((bool)(await check.ExecuteScalarAsync(cancellationToken))!)
            {
                await using var promote = new NpgsqlCommand("SELECT pg_promote(true, 30)", connection) { CommandTimeout = 35 };
                if (!(bool)(await promote.ExecuteScalarAsync(cancellationToken))!)
                {
                    throw new InvalidOperationException($"postgres {site} did not finish promotion within 30s");
                }
            }
        }

        await using var async = new NpgsqlCommand(
            "ALTER SYSTEM RESET synchronous_standby_names; ALTER SYSTEM RESET synchronous_commit; ALTER SYSTEM RESET default_transaction_read_only; SELECT pg_reload_conf()",
            connection);
        await async.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// If the site's server answers as a primary, makes it refuse writes (default_transaction_read_only, kept in
    /// postgresql.auto.conf so a restart keeps it fenced) and ends its client sessions. An unreachable server is
    /// left alone: that is what the caller's timeout bounds.
    /// </summary>
    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Node(site).Connection("postgres", pooling: false));
            await connection.OpenAsync(cancellationToken);
            await using var fence = new NpgsqlCommand(
                """
                ALTER SYSTEM SET default_transaction_read_only = on;
                SELECT pg_reload_conf();
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid();
                """,
                connection);
            await fence.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // Unreachable: it cannot take writes through us either; the traffic fence already keeps clients away.
        }
    }

    /// <summary>True when the site's server answers and refuses writes, or does not answer at all.</summary>
    public async Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Node(site).Connection("postgres", pooling: false));
            await connection.OpenAsync(cancellationToken);
            await using var check = new NpgsqlCommand("SELECT pg_is_in_recovery() OR current_setting('default_transaction_read_only') = 'on'", connection);
            return (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private PostgresNode Node(string site) =>
        nodes.TryGetValue(site, out var node) ? node : throw new ArgumentException($"no database for site '{site}'", nameof(site));

    private static async Task<Observation> ObserveAsync(PostgresNode node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            await using var connection = new NpgsqlConnection(node.Connection("postgres", pooling: false));
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand(
                """
                SELECT pg_is_in_recovery(),
                       CASE WHEN pg_is_in_recovery()
                            THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM pg_control_checkpoint()))
                            ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
                       CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text ELSE pg_current_wal_lsn()::text END,
                       CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint END,
                       (SELECT status FROM pg_stat_wal_receiver),
                       (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'),
                       CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END
                """,
                connection);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            return new Observation(
                reader.GetBoolean(0),
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : Math.Max(0, reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6),
                null);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            var reason = e is OperationCanceledException ? $"no answer within {QueryTimeout.TotalSeconds:0}s" : e.Message;
            return new Observation(false, null, null, null, null, 0, null, $"port {node.Port}: {reason}");
        }
    }

    private static async Task<long?> LagSeenByPrimaryAsync(PostgresNode primary, string standbySite, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            await using var connection = new NpgsqlConnection(primary.Connection("postgres", pooling: false));
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint FROM pg_stat_replication WHERE application_name = $1 AND NOT pg_is_in_recovery()",
                connection) { Parameters = { new() { Value = standbySite } } };
            var value = await command.ExecuteScalarAsync(timeout.Token);
            return value is long bytes ? Math.Max(0, bytes) : null;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private sealed record Observation(
        bool InRecovery,
        int? Timeline,
        string? Lsn,
        long? UnreplayedBytes,
        string? ReceiverStatus,
        long Senders,
        double? SinceLastReplay,
        string? Problem);
}
