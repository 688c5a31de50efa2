using System.Collections.Immutable;

namespace Pilotlight.Core.Plans;

/// <summary>How the active site is probed, and when it counts as down or recovered.</summary>
public sealed record HealthSettings
{
    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required int FailureThreshold { get; init; }

    public required int RecoveryThreshold { get; init; }

    /// <summary>How many vantage points must see the site down before it is down.</summary>
    public required int Quorum { get; init; }

    public required ImmutableArray<VantagePoint> VantagePoints { get; init; }

    public required ImmutableArray<ProbeSpec> Probes { get; init; }
}
