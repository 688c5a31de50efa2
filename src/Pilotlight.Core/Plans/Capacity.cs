namespace Pilotlight.Core.Plans;

/// <summary>Instance counts of a site's compute, as an auto scaling group has them.</summary>
public sealed record Capacity(int Min, int Desired, int Max, CapacityType Type);
