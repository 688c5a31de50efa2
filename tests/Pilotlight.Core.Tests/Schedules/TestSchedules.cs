using System.Globalization;
using Pilotlight.Core.Schedules;

namespace Pilotlight.Core.Tests.Schedules;

internal static class TestSchedules
{
    public static DrillSchedule Parse(string expression, string zone = "UTC")
    {
        DrillSchedule.TryParse(expression, zone, out var schedule, out var error).ShouldBeTrue(error);
        return schedule;
    }

    public static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    /// <summary>Local time and UTC offset, which is what the schedule's zone shows.</summary>
    public static string Local(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string[] Next(string expression, string zone, string after, int count) =>
        Next(Parse(expression, zone), after, count);

    public static string[] Next(DrillSchedule schedule, string after, int count) =>
        [.. schedule.Occurrences(At(after), count).Select(Local)];
}
