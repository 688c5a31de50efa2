using System.Globalization;
using System.Text.RegularExpressions;

namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>
/// The records of <c>pg_waldump</c> output that a divergence capture needs: commits (with their subtransactions and
/// time; aborts are left out, their rows are invisible) and heap changes (insert, update, HOT update, delete) with
/// the relation, block and offset they touch, so that a row version can be traced to how it was made.
/// </summary>
internal static partial class WalDump
{
    /// <summary>One heap change: <see cref="Kind"/> INSERT, UPDATE (HOT too) or DELETE; for an update, the version it replaced.</summary>
    public sealed record HeapChange(uint Xid, ulong Lsn, string Kind, RelationFile Relation, TupleId Tuple, TupleId? Replaced);

    public sealed record Commit(uint Xid, ulong Lsn, DateTimeOffset? Time, IReadOnlyList<uint> Subtransactions);

    /// <summary>A relation as the WAL names it: tablespace, database and relfilenode.</summary>
    public readonly record struct RelationFile(uint Tablespace, uint Database, uint FileNode);

    /// <summary>A ctid: block and offset.</summary>
    public readonly record struct TupleId(uint Block, uint Offset)
    {
        public static TupleId? Parse(string ctid)
        {
            var match = CtidPattern().Match(ctid);
            return match.Success ? new TupleId(uint.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), uint.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) : null;
        }
    }

    public sealed record Result(IReadOnlyList<Commit> Commits, IReadOnlyList<HeapChange> Changes, int Records, string? Error);

    /// <summary>Parses the output; <see cref="Result.Error"/> is pg_waldump's last error line, if it printed one.</summary>
    public static Result Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var commits = new List<Commit>();
        var changes = new List<HeapChange>();
        string? error = null;
        var records = 0;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("pg_waldump:", StringComparison.Ordinal))
            {
                error = line.Trim();
                continue;
            }

            var record = RecordPattern().Match(line);
            if (!record.Success)
            {
                continue;
            }

            records++;
            var rmgr = record.Groups["rmgr"].Value;
            var xid = uint.Parse(record.Groups["tx"].Value, CultureInfo.InvariantCulture);
            var lsn = WalPosition.Parse(record.Groups["lsn"].Value);
            var operation = record.Groups["op"].Value;
            var desc = record.Groups["desc"].Value;
            if (rmgr == "Transaction" && operation == "COMMIT")
            {
                commits.Add(ParseCommit(xid, lsn, desc));
            }
            else if (rmgr == "Heap" && xid != 0)
            {
                var kind = operation.Split('+')[0] switch
                {
                    "INSERT" => "INSERT",
                    "UPDATE" or "HOT_UPDATE" => "UPDATE",
                    "DELETE" => "DELETE",
                    _ => null,
                };
                var blocks = BlockPattern().Matches(desc).ToDictionary(m => m.Groups[1].Value, m => m, StringComparer.Ordinal);
                var offset = OffsetPattern().Match(desc);
                if (kind is null || !blocks.TryGetValue("0", out var first) || !offset.Success)
                {
                    continue;
                }

                var relation = new RelationFile(UInt(first.Groups[2]), UInt(first.Groups[3]), UInt(first.Groups[4]));
                var block = UInt(first.Groups[5]);
                if (kind == "UPDATE")
                {
                    var newOffset = NewOffsetPattern().Match(desc);
                    if (!newOffset.Success)
                    {
                        continue;
                    }

                    var oldBlock = blocks.TryGetValue("1", out var second) ? UInt(second.Groups[5]) : block;
                    changes.Add(new HeapChange(xid, lsn, kind, relation, new TupleId(block, UInt(newOffset.Groups[1])), new TupleId(oldBlock, UInt(offset.Groups[1]))));
                }
                else
                {
                    changes.Add(new HeapChange(xid, lsn, kind, relation, new TupleId(block, UInt(offset.Groups[1])), null));
                }
            }
        }

        return new Result(commits, changes, records, error);
    }

    /// <summary>Every transaction id that wrote any record, how many records there were, and pg_waldump's last error line.</summary>
    public static (HashSet<uint> Xids, int Records, string? Error) XidsOf(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var xids = new HashSet<uint>();
        var records = 0;
        string? error = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("pg_waldump:", StringComparison.Ordinal))
            {
                error = line.Trim();
            }
            else if (RecordPattern().Match(line) is { Success: true } record)
            {
                records++;
                var xid = uint.Parse(record.Groups["tx"].Value, CultureInfo.InvariantCulture);
                if (xid != 0)
                {
                    xids.Add(xid);
                }
            }
        }

        return (xids, records, error);
    }

    private static Commit ParseCommit(uint xid, ulong lsn, string desc)
    {
        var parts = desc.Split(';');
        DateTimeOffset? time = null;
        var stamp = parts[0].Trim();
        if (stamp.EndsWith(" UTC", StringComparison.Ordinal)
            && DateTimeOffset.TryParse(stamp[..^4], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
        }

        var subtransactions = parts.Select(p => p.Trim())
            .Where(p => p.StartsWith("subxacts:", StringComparison.Ordinal))
            .SelectMany(p => p["subxacts:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(x => uint.Parse(x, CultureInfo.InvariantCulture))
            .ToList();
        return new Commit(xid, lsn, time, subtransactions);
    }

    private static uint UInt(Group group) => uint.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^rmgr: (?<rmgr>\S+)\s+len \(rec/tot\):\s*\d+/\s*\d+, tx:\s*(?<tx>\d+), lsn: (?<lsn>[0-9A-F]+/[0-9A-F]+), prev [0-9A-F]+/[0-9A-F]+, desc: (?<op>\S+) ?(?<desc>.*)$")]
    private static partial Regex RecordPattern();

    [GeneratedRegex(@"blkref #(\d+): rel (\d+)/(\d+)/(\d+)(?: fork \w+)? blk (\d+)")]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^off (\d+)")]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"; new off (\d+)")]
    private static partial Regex NewOffsetPattern();

    [GeneratedRegex(@"^\((\d+),(\d+)\)$")]
    private static partial Regex CtidPattern();
}
