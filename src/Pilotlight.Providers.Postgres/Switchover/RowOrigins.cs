namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>
/// Traces a row version made after the fork back along its update chain, through the heap changes of the diverged
/// transactions: it goes back to an insert after the fork, or to a version from before it (an update of a row the
/// primary had too). A version that no record made (e.g. a multi-insert, which logs no offsets) counts as inserted.
/// </summary>
internal sealed class RowOrigins
{
    private readonly Dictionary<(WalDump.RelationFile, WalDump.TupleId), List<WalDump.HeapChange>> _made = [];

    public RowOrigins(IEnumerable<WalDump.HeapChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes.Where(c => c.Kind is "INSERT" or "UPDATE").OrderBy(c => c.Lsn))
        {
            var key = (change.Relation, change.Tuple);
            if (!_made.TryGetValue(key, out var list))
            {
                _made[key] = list = [];
            }

            list.Add(change);
        }
    }

    /// <summary>True when the version at <paramref name="tuple"/> descends, by updates only, from a row version older than the fork.</summary>
    public bool IsUpdateOfOlderRow(WalDump.RelationFile relation, WalDump.TupleId tuple)
    {
        var current = tuple;
        var before = ulong.MaxValue;

        // A ctid can be reused after pruning: the change that made a version is the latest one at that ctid before the next step.
        for (var step = 0; step < 100_000; step++)
        {
            var made = _made.TryGetValue((relation, current), out var list) ? list.LastOrDefault(c => c.Lsn < before) : null;
            if (made is null)
            {
                return step > 0;
            }

            if (made.Kind == "INSERT" || made.Replaced is not { } replaced)
            {
                return false;
            }

            current = replaced;
            before = made.Lsn;
        }

        return true;
    }
}
