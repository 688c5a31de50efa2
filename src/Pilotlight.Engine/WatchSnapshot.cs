using System.Collections.Immutable;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Health;
using Pilotlight.Core.Readiness;

namespace Pilotlight.Engine;

/// <summary>What the controller knows after a round: the active site, its health per vantage point, the standby's lag, the data at risk and readiness.</summary>
public sealed record WatchSnapshot(
    DateTimeOffset At,
    string ActiveSite,
    SiteHealth Health,
    ImmutableDictionary<string, SiteHealth> VantagePoints,
    TimeSpan? StandbyLag,
    ReadinessReport? Readiness,
    DataAtRisk? Risk = null)
{
    /// <summary>The site that would take over.</summary>
    public string? StandbySite { get; init; }
}
