using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.Route53;

/// <summary>A health check's configuration as GetHealthCheck returns it, as far as holding a failover record needs it.</summary>
internal sealed record HealthCheck
{
    public required string Id { get; init; }

    /// <summary>HTTP, HTTPS, TCP, CALCULATED, CLOUDWATCH_METRIC, RECOVERY_CONTROL, ...</summary>
    public required string Type { get; init; }

    public bool Inverted { get; init; }

    public bool Disabled { get; init; }

    /// <summary>A calculated check's threshold; null for other types.</summary>
    public int? HealthThreshold { get; init; }

    public ImmutableArray<string> ChildHealthChecks { get; init; } = [];

    public long? Version { get; init; }
}
