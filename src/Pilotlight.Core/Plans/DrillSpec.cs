using Pilotlight.Core.Schedules;

namespace Pilotlight.Core.Plans;

/// <summary>A scheduled rehearsal of failover.</summary>
public sealed record DrillSpec(string Name, DrillSchedule Schedule, TimeSpan Duration, DrillMode Mode);

/// <summary>live: a real failover, failed back after the duration; isolated: a clone is promoted beside production.</summary>
public enum DrillMode
{
    Live,
    Isolated,
}
