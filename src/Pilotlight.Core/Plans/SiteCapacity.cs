namespace Pilotlight.Core.Plans;

/// <summary>A site's compute when it is the standby (pilot light) and when it serves production (full).</summary>
public sealed record SiteCapacity(Capacity Pilot, Capacity Full);
