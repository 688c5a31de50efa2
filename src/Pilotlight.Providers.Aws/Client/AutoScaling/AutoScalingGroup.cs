using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.AutoScaling;

/// <summary>What Pilotlight reads of an Auto Scaling group: its capacity, its instances and how they are bought.</summary>
internal sealed record AutoScalingGroup
{
    public required string Name { get; init; }

    public int MinSize { get; init; }

    public int MaxSize { get; init; }

    public int DesiredCapacity { get; init; }

    public int Instances { get; init; }

    public int InServiceInstances { get; init; }

    /// <summary>The group's instances as listed, in the order Auto Scaling lists them.</summary>
    public ImmutableArray<GroupInstance> Members { get; init; } = [];

    public LaunchTemplateSpec? LaunchTemplate { get; init; }

    public MixedInstancesPolicy? MixedInstancesPolicy { get; init; }

    /// <summary>The group's tags, key to value.</summary>
    public ImmutableDictionary<string, string> Tags { get; init; } = ImmutableDictionary<string, string>.Empty;
}
