namespace Pilotlight.Providers.Aws.Client.AutoScaling;

/// <summary>How a mixed instances group splits on-demand and spot: failover sets 100 % on-demand above base, pilot light goes back to spot.</summary>
internal sealed record InstancesDistribution
{
    public string? OnDemandAllocationStrategy { get; init; }

    public int? OnDemandBaseCapacity { get; init; }

    public int? OnDemandPercentageAboveBaseCapacity { get; init; }

    public string? SpotAllocationStrategy { get; init; }

    public int? SpotInstancePools { get; init; }

    public string? SpotMaxPrice { get; init; }
}
