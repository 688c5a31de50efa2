using System.Collections.Immutable;
using System.Globalization;
using Npgsql;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>
/// One capture of diverged writes, from the old primary's WAL after the fork and its rows in recovery, against the
/// primary's rows: the statements that apply, the conflicts, and the report (see
/// <see cref="PostgresDatabaseProvider.CaptureDivergenceAsync"/>).
/// </summary>
internal sealed class DivergenceCapture
{
    private const string Relations =
        """
        SELECT pg_relation_filenode(c.oid)::bigint, format('%I.%I', n.nspname, c.relname), c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%',
               c.relname = 'pg_statistic' OR c.relkind = 't'
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE pg_relation_filenode(c.oid) IS NOT NULL
        """;

    private readonly string _oldSite;
    private readonly string _primarySite;
    private readonly string _fork;
    private readonly HashSet<uint>? _primaryWriters;
    private readonly string? _primaryWritersUnknown;
    private readonly Dictionary<uint, WalDump.Commit> _topOf = [];
    private readonly List<WalDump.HeapChange> _changes;
    private readonly RowOrigins _origins;
    private readonly List<string> _statements = [];
    private readonly List<string> _conflicts = [];
    private readonly Dictionary<string, int> _rekeyed = new(StringComparer.Ordinal);
    private readonly HashSet<uint> _transactions = [];

    public DivergenceCapture(string oldSite, string primarySite, string fork, WalDump.Result dump, (HashSet<uint>? Xids, string? Why) primaryWriters)
    {
        ArgumentNullException.ThrowIfNull(dump);
        _oldSite = oldSite;
        _primarySite = primarySite;
        _fork = fork;
        (_primaryWriters, _primaryWritersUnknown) = primaryWriters;
        foreach (var commit in dump.Commits)
        {
            _topOf[commit.Xid] = commit;
            foreach (var sub in commit.Subtransactions)
            {
                _topOf[sub] = commit;
            }
        }

        _changes = [.. dump.Changes.Where(c => _topOf.ContainsKey(c.Xid))];
        _origins = new RowOrigins(_changes);
        LastCommit = dump.Commits.Count == 0 ? null : dump.Commits.Max(c => c.Lsn);
    }

    /// <summary>Where the last diverged commit record starts: the old server must have replayed past it before it is read.</summary>
    public ulong? LastCommit { get; }

    public IReadOnlyList<string> Statements => _statements;

    public IReadOnlyList<string> Conflicts => _conflicts;

    public async Task<DivergenceReport> ReadAsync(NpgsqlConnection old, NpgsqlConnection primary, CancellationToken cancellationToken)
    {
        var database = Convert.ToUInt32(await ScalarAsync(old, "SELECT oid FROM pg_database WHERE datname = current_database()", [], cancellationToken), CultureInfo.InvariantCulture);
        var relations = new Dictionary<uint, (string Name, bool User, bool Ignored)>();
        await using (var command = new NpgsqlCommand(Relations, old))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                relations[(uint)reader.GetInt64(0)] = (reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3));
            }
        }

        var uncaptured = ImmutableArray.CreateBuilder<string>();
        var elsewhere = _changes.Where(c => c.Relation.Database != database && c.Relation.Database != 0).Select(c => c.Xid).Distinct().Count();
        if (elsewhere > 0)
        {
            uncaptured.Add($"changes of {elsewhere} diverged transactions in other databases than the plan's: not captured");
        }

        var ours = _changes.Where(c => c.Relation.Database == database).ToList();
        var catalog = ours.Where(c => relations.TryGetValue(c.Relation.FileNode, out var r) && !r.User && !r.Ignored).Select(c => _topOf[c.Xid].Xid).Distinct().Count();
        if (catalog > 0)
        {
            uncaptured.Add($"catalog changes (DDL) by {catalog} diverged transactions: not captured; repeat them by hand");
        }

        var unknown = ours.Where(c => !relations.ContainsKey(c.Relation.FileNode)).Select(c => c.Relation.FileNode).Distinct().ToList();
        if (unknown.Count > 0)
        {
            uncaptured.Add($"changes to {unknown.Count} relations whose files no longer exist (dropped, truncated or rewritten after the fork): not captured");
        }

        var xids = _topOf.Keys.Select(x => (long)x).ToArray();
        var tables = ImmutableArray.CreateBuilder<DivergedTable>();
        foreach (var table in await PostgresDatabaseProvider.TablesAsync(old, cancellationToken))
        {
            var fileNode = relations.FirstOrDefault(r => r.Value.Name == table.Name && r.Value.User).Key;
            var relation = ours.FirstOrDefault(c => c.Relation.FileNode == fileNode)?.Relation ?? new WalDump.RelationFile(0, database, fileNode);
            var deleted = ours.Count(c => c.Relation.FileNode == fileNode && c.Kind == "DELETE");
            var (inserted, updated, conflicts) = await TableAsync(old, primary, table, relation, xids, uncaptured, cancellationToken);
            if (deleted > 0)
            {
                uncaptured.Add($"{table.Name}: {deleted} row(s) deleted after the fork; a delete's row content is not in the WAL, so it is not in the file");
                foreach (var change in ours.Where(c => c.Relation.FileNode == fileNode && c.Kind == "DELETE"))
                {
                    _transactions.Add(_topOf[change.Xid].Xid);
                }
            }

            if (inserted + updated + conflicts + deleted > 0)
            {
                tables.Add(new DivergedTable(table.Name, inserted, updated, conflicts, deleted) { Rekeyed = _rekeyed.GetValueOrDefault(table.Name) });
            }
        }

        var commits = _transactions.Select(x => _topOf[x]).Where(c => c.Time is not null).Select(c => c.Time!.Value).ToList();
        return new DivergenceReport(_fork, tables.ToImmutable(), uncaptured.ToImmutable())
        {
            Transactions = _transactions.Count,
            FirstCommit = commits.Count == 0 ? null : commits.Min(),
            LastCommit = commits.Count == 0 ? null : commits.Max(),
        };
    }

    public IEnumerable<string> Header(string sites, DivergenceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        yield return "Pilotlight divergence capture: writes the old primary committed after the fork";
        yield return sites;
        yield return $"fork: {_fork} (where site {_primarySite}'s history left site {_oldSite}'s timeline)";
        yield return $"diverged transactions: {report.Transactions}" + (report.FirstCommit is { } first ? $", committed {first:O} .. {report.LastCommit:O}" : "");
        foreach (var table in report.Tables)
        {
            yield return $"{table.Table}: {table.Inserted} inserted ({table.Rekeyed} of them under a new key: theirs was taken), {table.Updated} updated, {table.Conflicts} conflicts, {table.Deleted} deleted";
        }

        if (report.Uncaptured.Length > 0)
        {
            yield return "not captured:";
            foreach (var line in report.Uncaptured)
            {
                yield return "  " + line;
            }
        }

        yield return $"apply on site {_primarySite}: psql -v ON_ERROR_STOP=1 -f <this file>; the conflicts after COMMIT are commented out";
        yield return "sequences of tables with inserted rows are moved past the largest id, never back";
    }

    private async Task<(int Inserted, int Updated, int Conflicts)> TableAsync(
        NpgsqlConnection old, NpgsqlConnection primary, PostgresDatabaseProvider.UserTable table, WalDump.RelationFile relation, long[] xids, ImmutableArray<string>.Builder uncaptured, CancellationToken cancellationToken)
    {
        int inserted = 0, updated = 0, conflicts = 0, rekeyed = 0;
        var rekeyedStatements = new List<string>();
        var rows = new List<(string Ctid, uint Xmin, string Json, string Literal)>();
        await using (var command = new NpgsqlCommand($"SELECT ctid::text, xmin::text::bigint, to_jsonb(t)::text, format('%L', to_jsonb(t)::text) FROM {table.Name} t WHERE xmin::text::bigint = ANY($1)", old) { Parameters = { new() { Value = xids } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), (uint)reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        if (rows.Count == 0)
        {
            return (0, 0, 0);
        }

        var populate = $"jsonb_populate_record(NULL::{table.Name}, {{0}})";
        if (table.Key is not { } key)
        {
            foreach (var row in rows)
            {
                _transactions.Add(_topOf[row.Xmin].Xid);
                conflicts++;
                _conflicts.Add($"-- {table.Name} has no primary key: written on site {_oldSite} after the fork: {row.Json}\n-- INSERT INTO {table.Name} SELECT * FROM {string.Format(CultureInfo.InvariantCulture, populate, row.Literal)};");
            }

            uncaptured.Add($"{table.Name}: {rows.Count} diverged row(s) not applied: the table has no primary key (in the file, commented out)");
            return (0, 0, conflicts);
        }

        var columns = (string?)await ScalarAsync(
            old,
            "SELECT string_agg(format('%I', attname), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' AND NOT attnum = ANY ((SELECT indkey FROM pg_index WHERE indrelid = $1::regclass AND indisprimary)::int2[])",
            [table.Name],
            cancellationToken);
        var surrogate = await SurrogateKeyAsync(old, table.Name, cancellationToken);
        foreach (var row in rows)
        {
            _transactions.Add(_topOf[row.Xmin].Xid);
            var record = string.Format(CultureInfo.InvariantCulture, populate, row.Literal);
            var insert = $"INSERT INTO {table.Name} OVERRIDING SYSTEM VALUE SELECT * FROM {record};";
            var update = columns is null ? null : $"UPDATE {table.Name} SET ({columns}) = (SELECT {columns} FROM {record}) WHERE ({key}) = (SELECT {key} FROM {record});";
            var isUpdate = WalDump.TupleId.Parse(row.Ctid) is { } tuple && _origins.IsUpdateOfOlderRow(relation, tuple);
            var there = await OnPrimaryAsync(primary, table, key, row.Json, cancellationToken);
            if (there is { Equal: true })
            {
                continue; // already on the primary: nothing to apply, nothing to count
            }

            if (there is null && !isUpdate)
            {
                _statements.Add(insert);
                inserted++;
            }
            else if (there is not null && !isUpdate && surrogate && columns is not null)
            {
                // A serial id both servers handed out after the failover: the diverged row is a row of its own, kept
                // under a new id from the primary's sequence. Nothing references the table, so nothing points at the old id.
                rekeyedStatements.Add($"-- re-keyed: {table.Name} row {row.Json} was inserted on site {_oldSite} after the fork; its key holds another row on site {_primarySite}\nINSERT INTO {table.Name} ({columns}) SELECT {columns} FROM {record};");
                inserted++;
                rekeyed++;
            }
            else if (there is { } current && isUpdate && _primaryWriters is not null && !_primaryWriters.Contains(current.Xmin))
            {
                if (update is not null)
                {
                    _statements.Add(update);
                }

                updated++;
            }
            else
            {
                conflicts++;
                var why = (there, isUpdate) switch
                {
                    (null, _) => $"updated on site {_oldSite} after the fork, but site {_primarySite} no longer has the row (deleted there after the fork?)",
                    (_, false) => $"inserted on site {_oldSite} after the fork, but the key is taken on site {_primarySite} by another row (after a failover both servers hand out the same serial ids)",
                    _ when _primaryWriters is null => $"updated on site {_oldSite} after the fork; whether site {_primarySite} changed it too cannot be told: {_primaryWritersUnknown}",
                    _ => $"updated on both sites after the fork",
                };
                _conflicts.Add($"-- conflict: {table.Name} ({key}): {why}\n--   site {_oldSite}: {row.Json}\n--   site {_primarySite}: {there?.Json ?? "(no row)"}\n-- {(there is null || update is null ? insert : update)}");
            }
        }

        if (inserted > rekeyed)
        {
            await AdvanceSequencesAsync(old, table, cancellationToken);
        }

        // Last, after the sequence moved past every id the file inserts: a new key can collide with none of them.
        _statements.AddRange(rekeyedStatements);
        _rekeyed[table.Name] = rekeyed;
        return (inserted, updated, conflicts);
    }

    /// <summary>
    /// True when the table's primary key is one column filled from a sequence (serial or identity) and no foreign key
    /// references the table: a diverged row whose id is taken can be inserted under a new id without breaking anything.
    /// </summary>
    private static async Task<bool> SurrogateKeyAsync(NpgsqlConnection old, string table, CancellationToken cancellationToken)
    {
        const string Sql =
            "SELECT count(*) = 1 AND bool_and(pg_get_serial_sequence($1, a.attname) IS NOT NULL OR a.attidentity <> '') " +
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = $1::regclass) " +
            "FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[]) " +
            "WHERE i.indrelid = $1::regclass AND i.indisprimary";
        return await ScalarAsync(old, Sql, [table], cancellationToken) is true;
    }

    /// <summary>
    /// Inserted rows bring their own serial ids: each sequence that feeds a column of the table is moved past the
    /// largest id then in the table (never back), so the primary's next insert does not collide with them.
    /// </summary>
    private async Task AdvanceSequencesAsync(NpgsqlConnection old, PostgresDatabaseProvider.UserTable table, CancellationToken cancellationToken)
    {
        const string Serial = "SELECT attname, format('%I', attname) FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND pg_get_serial_sequence($1, attname) IS NOT NULL ORDER BY attnum";
        var columns = new List<(string Name, string Quoted)>();
        await using (var command = new NpgsqlCommand(Serial, old) { Parameters = { new() { Value = table.Name } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, quoted) in columns)
        {
            var sequence = $"pg_get_serial_sequence({Literal(table.Name)}, {Literal(name)})";
            _statements.Add(
                $"SELECT setval({sequence}, max({quoted})) FROM {table.Name} HAVING max({quoted}) > coalesce((SELECT last_value FROM pg_sequences WHERE format('%I.%I', schemaname, sequencename) = {sequence}), 0);");
        }
    }

    private static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    private static async Task<(bool Equal, uint Xmin, string Json)?> OnPrimaryAsync(NpgsqlConnection primary, PostgresDatabaseProvider.UserTable table, string key, string json, CancellationToken cancellationToken)
    {
        var sql = $"SELECT to_jsonb(p) = $1::jsonb, p.xmin::text::bigint, to_jsonb(p)::text FROM {table.Name} p WHERE ({key}) = (SELECT {key} FROM jsonb_populate_record(NULL::{table.Name}, $1::jsonb))";
        await using var command = new NpgsqlCommand(sql, primary) { Parameters = { new() { Value = json } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetBoolean(0), (uint)reader.GetInt64(1), reader.GetString(2)) : null;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new() { Value = parameter });
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
