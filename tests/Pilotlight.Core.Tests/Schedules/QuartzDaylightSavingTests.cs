using Quartz;
using static Pilotlight.Core.Tests.Schedules.TestSchedules;

namespace Pilotlight.Core.Tests.Schedules;

// What Quartz 4.7.3 does on its own, pinned so that an upgrade that changes it is noticed: DrillSchedule follows the
// documented rule (the LA cases) and corrects the rest. If one of these fails after an upgrade, re-read DrillSchedule's remarks.
public sealed class QuartzDaylightSavingTests
{
    private static string Next(string expression, string zone, string after)
    {
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var next = CronExpression.Parse(expression).WithTimeZone(timeZone).GetNextValidTimeAfter(At(after));
        next.ShouldNotBeNull();
        return Local(TimeZoneInfo.ConvertTime(next.Value, timeZone));
    }

    [Fact]
    public void GetNextValidTimeAfter_LosAngelesSpringGap_FiresWhenTheClocksMove() =>
        Next("0 30 2 * * ?", "America/Los_Angeles", "2027-03-14T08:00:00Z").ShouldBe("2027-03-14T03:00:00-07:00");

    [Fact]
    public void GetNextValidTimeAfter_LosAngelesRepeatedHour_FiresAtTheFirstOccurrence() =>
        Next("0 30 1 * * ?", "America/Los_Angeles", "2027-11-07T07:00:00Z").ShouldBe("2027-11-07T01:30:00-07:00");

    [Fact]
    public void GetNextValidTimeAfter_FromTheSecondPass_AnswersATimeThatAlreadyFired() =>
        Next("0 30 1 * * ?", "America/Los_Angeles", "2027-11-07T09:10:00Z").ShouldBe("2027-11-07T01:30:00-08:00");

    [Fact]
    public void GetNextValidTimeAfter_DublinSpringGap_AnswersAnHourEarlyAndThenTheSameInstantForever()
    {
        Next("0 30 1 * * ?", "Europe/Dublin", "2027-03-27T02:00:00Z").ShouldBe("2027-03-28T00:30:00+00:00");
        Next("0 30 1 * * ?", "Europe/Dublin", "2027-03-28T00:30:00Z").ShouldBe("2027-03-28T00:30:00+00:00");
    }

    [Fact]
    public void GetNextValidTimeAfter_HourlyInDublinRepeatedHour_SkipsTheSecondPass() =>
        // 00:30Z is 01:30 IST; 01:00 GMT (01:00Z) is the next hour, but Quartz answers 02:00 GMT.
        Next("0 0 * * * ?", "Europe/Dublin", "2027-10-31T00:30:00Z").ShouldBe("2027-10-31T02:00:00+00:00");
}
