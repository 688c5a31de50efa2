namespace Pilotlight.Providers.Aws.Client.AutoScaling;

/// <summary>One instance type a mixed instances group may launch, with its weight and optionally its own template.</summary>
internal sealed record InstanceOverride(string InstanceType, string? WeightedCapacity = null, LaunchTemplateSpec? LaunchTemplate = null);
