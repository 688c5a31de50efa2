using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.Route53;

/// <summary>
/// The UpdateHealthCheck parameters Pilotlight uses to hold or release a failover record: invert or disable a check,
/// or change a calculated check's threshold and children. Null members are left as they are.
/// </summary>
internal sealed record HealthCheckUpdate
{
    public required string HealthCheckId { get; init; }

    /// <summary>Fails the update if the check changed since this version was read (optimistic concurrency).</summary>
    public long? Version { get; init; }

    public int? FailureThreshold { get; init; }

    public bool? Inverted { get; init; }

    public bool? Disabled { get; init; }

    public int? HealthThreshold { get; init; }

    public ImmutableArray<string>? ChildHealthChecks { get; init; }
}
