using System.Collections.Immutable;

namespace Pilotlight.Core.Plans;

/// <summary>One protected workload as declared in <c>pilotlight.yaml</c>. Immutable; read with <see cref="PlanFile"/>.</summary>
public sealed record Plan
{
    public const int CurrentVersion = 1;

    public required string Name { get; init; }

    public required Objectives Objectives { get; init; }

    /// <summary>Exactly two sites; the one with <see cref="SiteRole.Primary"/> is the configured primary.</summary>
    public required ImmutableArray<Site> Sites { get; init; }

    public required ImmutableArray<ResourceBinding> Resources { get; init; }

    /// <summary>Pilot and full compute capacity per site name.</summary>
    public required ImmutableDictionary<string, SiteCapacity> Capacity { get; init; }

    public required HealthSettings Health { get; init; }

    public required FailoverSettings Failover { get; init; }

    public required ImmutableArray<DrillSpec> Drills { get; init; }

    /// <summary>The HTTP checks drills run against what serves the workload (<c>smoke_checks:</c>); empty when none are declared.</summary>
    public ImmutableArray<SmokeCheck> SmokeChecks { get; init; } = [];

    public required ImmutableArray<Webhook> Webhooks { get; init; }

    /// <summary>The SNS topics that receive events (<c>notifications.sns:</c>); empty when none are declared.</summary>
    public ImmutableArray<SnsTarget> SnsTargets { get; init; } = [];

    /// <summary>
    /// Where Pilotlight keeps this plan's runtime state (executions, approvals, which site is active), as written in
    /// the plan (<c>state_dir:</c>); null when the plan leaves it to the command line or the default beside the plan.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>The write <c>pilotlight load</c> sends and where <c>verify-ledger</c> finds it (the plan's <c>load:</c> block, else the Shop's).</summary>
    public LoadSettings Load { get; init; } = LoadSettings.Default;

    public Site Primary => Sites.Single(s => s.Role == SiteRole.Primary);

    public Site Standby => Sites.Single(s => s.Role == SiteRole.Standby);

    public ResourceBinding? Resource(ResourceKind kind) => Resources.FirstOrDefault(r => r.Kind == kind);

    /// <summary>The other one of the plan's two sites.</summary>
    public string OtherSite(string site) => Sites.Single(s => s.Name != site).Name;
}
