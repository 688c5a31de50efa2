using System.Collections.Immutable;
using System.Data;
using Npgsql;
using Pilotlight.Core.Providers;
using Pilotlight.Processes;
using Pilotlight.Providers.Postgres.Servers;
using Pilotlight.Providers.Postgres.Switchover;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider
{
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(60);

    // Each user table with its primary key's columns (null: it has none, and the whole row stands for its key).
    internal const string UserTables =
        """
        SELECT format('%I.%I', n.nspname, c.relname),
               (SELECT string_agg(format('%I', a.attname), ', ' ORDER BY k.ord)
                FROM pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attnum = k.attnum
                WHERE i.indrelid = c.oid AND i.indisprimary AND a.attrelid = c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
        ORDER BY 1
        """;

    /// <summary>
    /// Reads the primary's pg_current_wal_lsn() L, waits (bounded) until the standby replayed L, pauses its replay
    /// while both sides are read (resumed in finally, unless it was paused before), and per user table compares
    /// count(*), md5 over the primary keys' text in C order, and md5 over the whole rows of a fixed 1/16 of the
    /// keys (those whose key text's md5 starts with 0 — the same rows on both sides). Both read in one REPEATABLE
    /// READ transaction each, with the same TimeZone, DateStyle and float digits. A standby that is not in recovery
    /// (e.g. promoted) is read as it is. Reports differences; never throws for one.
    /// </summary>
    public async Task<ConsistencyReport> CompareAsync(string primarySite, string standbySite, CancellationToken cancellationToken)
    {
        await using var primary = new NpgsqlConnection(Server(primarySite).ControlConnection());
        await primary.OpenAsync(cancellationToken);
        await using var standby = new NpgsqlConnection(Server(standbySite).ControlConnection());
        await standby.OpenAsync(cancellationToken);
        var position = (string)(await ScalarAsync(primary, "SELECT pg_current_wal_lsn()::text", cancellationToken))!;
        var inRecovery = (bool)(await ScalarAsync(standby, "SELECT pg_is_in_recovery()", cancellationToken))!;
        var paused = false;
        try
        {
            if (inRecovery)
            {
                await Poll.UntilAsync(
                    async ct => await ScalarAsync(standby, "SELECT pg_last_wal_replay_lsn()::text", ct) is string replayed && WalPosition.Parse(replayed) >= WalPosition.Parse(position),
                    CatchUpLimit,
                    $"site {standbySite} to replay site {primarySite}'s WAL up to {position}",
                    cancellationToken,
                    TimeSpan.FromMilliseconds(50));
                if ((string)(await ScalarAsync(standby, "SELECT pg_get_wal_replay_pause_state()", cancellationToken))! == "not paused")
                {
                    await ScalarAsync(standby, "SELECT pg_wal_replay_pause()", cancellationToken);
                    paused = true;
                    await Poll.UntilAsync(
                        async ct => (string)(await ScalarAsync(standby, "SELECT pg_get_wal_replay_pause_state()", ct))! == "paused",
                        CatchUpLimit,
                        $"site {standbySite}'s replay to pause",
                        cancellationToken);
                }
            }

            var tables = await TablesAsync(primary, cancellationToken);
            var primarySums = await ChecksumsAsync(primary, tables, cancellationToken);
            var standbySums = await ChecksumsAsync(standby, tables, cancellationToken);
            return new ConsistencyReport(position, [.. tables.Select(t =>
            {
                var missing = (Rows: -1L, Keys: "(no such table)", Sample: "(no such table)");
                var p = primarySums[t.Name] ?? missing;
                var s = standbySums.GetValueOrDefault(t.Name) ?? missing;
                return new TableConsistency(t.Name, p.Rows, s.Rows, p.Keys, s.Keys, p.Sample, s.Sample);
            })]);
        }
        finally
        {
            if (paused)
            {
                await ScalarAsync(standby, "SELECT pg_wal_replay_resume()", CancellationToken.None);
            }
        }
    }

    internal sealed record UserTable(string Name, string? Key);

    internal static async Task<List<UserTable>> TablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<UserTable>();
        await using var command = new NpgsqlCommand(UserTables, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(new UserTable(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return tables;
    }

    private static async Task<Dictionary<string, (long Rows, string Keys, string Sample)?>> ChecksumsAsync(NpgsqlConnection connection, List<UserTable> tables, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<string, (long, string, string)?>(StringComparer.Ordinal);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await ScalarAsync(connection, "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL extra_float_digits = 1; SET LOCAL IntervalStyle = 'postgres'", cancellationToken);
        foreach (var table in tables)
        {
            var key = table.Key is { } columns ? $"ROW({columns})::text" : "t::text";
            var sql = $"""
                SELECT count(*),
                       md5(coalesce(string_agg(k, E'\n' ORDER BY k COLLATE "C"), '')),
                       md5(coalesce(string_agg(r, E'\n' ORDER BY k COLLATE "C", r COLLATE "C") FILTER (WHERE left(md5(k), 1) = '0'), ''))
                FROM (SELECT {key} AS k, t::text AS r FROM {table.Name} t) s
                """;
            await using var savepoint = new NpgsqlCommand("SAVEPOINT one_table", connection);
            await savepoint.ExecuteNonQueryAsync(cancellationToken);
            try
            {
                await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                sums[table.Name] = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                await ScalarAsync(connection, "ROLLBACK TO SAVEPOINT one_table", cancellationToken);
                sums[table.Name] = null;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return sums;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
