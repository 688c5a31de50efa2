namespace Pilotlight.Core.Schedules;

/// <summary>Turns wall-clock readings of one time zone into instants.</summary>
/// <remarks>
/// Only instant-to-local conversion is trusted here. .NET's <see cref="TimeZoneInfo.IsInvalidTime"/>,
/// <see cref="TimeZoneInfo.IsAmbiguousTime(DateTime)"/> and <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/> misread
/// zones whose daylight saving is negative, such as Europe/Dublin, where winter GMT is the "daylight" period.
/// </remarks>
internal sealed class ZoneClock(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>The instants <paramref name="wall"/> names; assumes at most one clock change within a day of it.</summary>
    public WallClockInstants Resolve(DateTime wall)
    {
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        var probe = new DateTimeOffset(wall, TimeSpan.Zero);
        var before = Zone.GetUtcOffset(probe.AddDays(-1));
        var after = Zone.GetUtcOffset(probe.AddDays(1));
        var ahead = before >= after ? before : after;
        var behind = before >= after ? after : before;

        // The larger offset names the earlier instant.
        var readsAhead = Reads(wall, ahead);
        var readsBehind = ahead != behind && Reads(wall, behind);
        return (readsAhead, readsBehind) switch
        {
            (true, true) => new WallClockInstants(new DateTimeOffset(wall, ahead), new DateTimeOffset(wall, behind)),
            (true, false) => new WallClockInstants(new DateTimeOffset(wall, ahead), null),
            (false, true) => new WallClockInstants(new DateTimeOffset(wall, behind), null),
            _ when before < after => new WallClockInstants(GapEnd(wall, before, after), null),
            _ => new WallClockInstants(new DateTimeOffset(wall, before), null),
        };
    }

    private bool Reads(DateTime wall, TimeSpan offset) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(wall, offset), Zone).DateTime == wall;

    // The instant the clocks moved from offset before to offset after, skipping wall: the first instant whose
    // reading is at or past wall. It lies in (wall - after, wall - before]; tz transitions fall on whole seconds.
    private DateTimeOffset GapEnd(DateTime wall, TimeSpan before, TimeSpan after)
    {
        var start = new DateTimeOffset(wall, after);
        long low = 0, high = (long)(after - before).TotalSeconds;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (Zone.GetUtcOffset(start.AddSeconds(middle)) == after)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return start.AddSeconds(high);
    }
}
