using System.Collections.Immutable;
using Pilotlight.Core.Evidence;

namespace Pilotlight.Engine.Load;

/// <summary>
/// A ledger checked against a site's database: how many distinct writes it acknowledged and which of them the
/// database does not hold (oldest first).
/// </summary>
public sealed record LedgerCheck(string LedgerPath, string Site, string Table, string Column, long Acknowledged, ImmutableArray<LostWrite> Lost)
{
    public bool NoneLost => Lost.IsEmpty;
}
