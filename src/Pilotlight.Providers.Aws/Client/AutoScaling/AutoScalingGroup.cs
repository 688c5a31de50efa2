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

    public LaunchTemplateSpec? LaunchTemplate { get; init; }

    public MixedInstancesPolicy? MixedInstancesPolicy { get; init; }
}
