namespace Pilotlight.Providers.Aws.Client.AutoScaling;

/// <summary>The UpdateAutoScalingGroup parameters a failover or a return to pilot light changes; null members are left as they are.</summary>
internal sealed record GroupUpdate
{
    public required string Name { get; init; }

    public LaunchTemplateSpec? LaunchTemplate { get; init; }

    public MixedInstancesPolicy? MixedInstancesPolicy { get; init; }

    public int? MinSize { get; init; }

    public int? MaxSize { get; init; }

    public int? DesiredCapacity { get; init; }
}
