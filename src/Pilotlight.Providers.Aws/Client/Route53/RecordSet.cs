using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.Route53;

/// <summary>A Route 53 resource record set as far as failover routing needs it.</summary>
internal sealed record RecordSet
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public string? SetIdentifier { get; init; }

    /// <summary>PRIMARY or SECONDARY for failover routing.</summary>
    public string? Failover { get; init; }

    public long? Ttl { get; init; }

    public ImmutableArray<string> Values { get; init; } = [];

    public AliasTarget? Alias { get; init; }

    public string? HealthCheckId { get; init; }
}
