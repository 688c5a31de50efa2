using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.AutoScaling;

/// <summary>
/// A group's mixed instances policy. It is always sent whole: moto answers 500 and half-updates the group when only
/// the distribution is sent, and AWS replaces what is sent anyway.
/// </summary>
internal sealed record MixedInstancesPolicy
{
    public required LaunchTemplateSpec LaunchTemplate { get; init; }

    public ImmutableArray<InstanceOverride> Overrides { get; init; } = [];

    public required InstancesDistribution Distribution { get; init; }
}
