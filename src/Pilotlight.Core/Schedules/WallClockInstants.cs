namespace Pilotlight.Core.Schedules;

/// <summary>The instants one wall-clock reading of a zone names: one, or two where clocks fall back.</summary>
/// <param name="First">The earliest instant; for a reading that a spring-forward gap skips, the instant the clocks moved.</param>
/// <param name="Repeat">The second instant of a reading that occurs twice; otherwise null.</param>
internal readonly record struct WallClockInstants(DateTimeOffset First, DateTimeOffset? Repeat);
