using System.Collections.Immutable;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Ledger;
using Pilotlight.Core.Providers;
using Pilotlight.Engine.Load;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>The address clients use, as the plan's traffic provider knows it; null when it does not.</summary>
    public Uri? EntryUrl => Providers.Traffic.EntryUrl;

    /// <summary>
    /// The plan's write load (its <c>load:</c> block) against <paramref name="target"/>, else the traffic entry; a
    /// plan whose traffic provider knows no entry and no target given is one line (<see cref="EngineException"/>).
    /// </summary>
    public LoadOptions LoadOptions(Uri? target = null) =>
        Engine.Load.LoadOptions.FromPlan(Plan.Load, target ?? EntryUrl
            ?? throw new EngineException($"the plan's traffic provider '{Plan.Resource(Core.Plans.ResourceKind.Traffic)?.Provider}' names no entry URL: give the load a target (--target http://HOST:PORT)")) with { Clock = Clock };

    /// <summary>
    /// Checks every write of the ledger at <paramref name="ledgerPath"/> against the active site's database (the
    /// plan's <c>load.ledger</c> table and column), through the database provider's <see cref="IWriteLookup"/>:
    /// the acknowledged count and the writes it does not hold. A provider that cannot look writes up, or a database
    /// that cannot be asked, is one line (<see cref="EngineException"/>); a damaged ledger is a
    /// <see cref="Core.State.DamagedStateException"/>.
    /// </summary>
    public async Task<LedgerCheck> VerifyLedgerAsync(string ledgerPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledgerPath);
        var entries = LedgerReader.Read(ledgerPath);
        var binding = Plan.Resource(Core.Plans.ResourceKind.Database);
        if (binding is null || Providers.Database is not IWriteLookup lookup)
        {
            throw new EngineException(binding is null
                ? "the plan has no database resource: there is nothing to check the ledger's writes against"
                : $"database.provider '{binding.Provider}' cannot look writes up: verify-ledger needs a provider that can (postgres)");
        }

        var site = ActiveSite;
        var first = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            first.TryAdd(entry.Ref, entry.At);
        }

        ImmutableHashSet<string> missing;
        try
        {
            missing = await lookup.MissingAsync(site, Plan.Load.LedgerTable, Plan.Load.LedgerColumn, first.Keys, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new EngineException(e.Message, e);
        }

        var lost = first.Where(f => missing.Contains(f.Key)).Select(f => new LostWrite(f.Key, f.Value)).OrderBy(l => l.At).ThenBy(l => l.Ref, StringComparer.Ordinal);
        return new LedgerCheck(Path.GetFullPath(ledgerPath), site, Plan.Load.LedgerTable, Plan.Load.LedgerColumn, first.Count, [.. lost]);
    }
}
