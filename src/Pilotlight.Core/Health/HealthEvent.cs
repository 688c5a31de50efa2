using System.Collections.Immutable;

namespace Pilotlight.Core.Health;

/// <summary>A change of health, when it happened, and the observations that decided it.</summary>
public sealed record HealthEvent(DateTimeOffset At, string Site, HealthEventKind Kind, string? VantagePoint, string Summary, ImmutableArray<ProbeObservation> Evidence);

/// <summary>What changed: one vantage point's view of a site, or the site's verdict.</summary>
public enum HealthEventKind
{
    VantageFailing,
    VantageRecovered,
    SiteDown,
    SiteRecovered,
}
