using Pilotlight.Core.Schedules;

namespace Pilotlight.Core.Plans;

/// <summary>A scheduled rehearsal of failover.</summary>
public sealed record DrillSpec(string Name, DrillSchedule Schedule, TimeSpan Duration, DrillMode Mode)
{
    /// <summary>How a live drill loses the active site: a planned switchover, or (on a lab) a real disaster.</summary>
    public DrillFault Fault { get; init; } = DrillFault.Switchover;

    /// <summary>Writes per second a load sends through the entry while the drill runs; null: no load.</summary>
    public double? LoadRate { get; init; }
}

/// <summary>live: the workload really moves to the standby and back; isolated: a clone serves beside production, which is untouched.</summary>
public enum DrillMode
{
    Live,
    Isolated,
}

/// <summary>How a live drill loses the active site.</summary>
public enum DrillFault
{
    /// <summary>A planned, lossless switchover: works on every plan.</summary>
    Switchover,

    /// <summary>The site's processes killed at once (a lab only).</summary>
    Kill,

    /// <summary>The site's processes frozen (a lab only).</summary>
    Stop,

    /// <summary>The site's network cut (a lab with network namespaces only).</summary>
    Partition,
}
