using System.Globalization;
using Pilotlight.Core.Schedules;

namespace Pilotlight.Core.Tests.Schedules;

public sealed class DrillScheduleTests
{
    private static DrillSchedule Parse(string expression, string zone = "UTC")
    {
        DrillSchedule.TryParse(expression, zone, out var schedule, out var error).ShouldBeTrue(error);
        return schedule;
    }

    private static string[] Next(DrillSchedule schedule, string afterUtc, int count) =>
        [.. schedule.Occurrences(DateTimeOffset.Parse(afterUtc, CultureInfo.InvariantCulture), count)
            .Select(t => t.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture))];

    [Theory]
    [InlineData("5 0 * * MON#1")]
    [InlineData("5 0 * * 1#1")]
    [InlineData("0 5 0 ? * MON#1")]
    [InlineData("0 5 0 ? * MON#1 *")]
    public void Occurrences_FirstMondayAt0005Utc_WholeYear2027(string expression)
    {
        Next(Parse(expression), "2026-12-31T23:59:59Z", 12).ShouldBe(
        [
            "2027-01-04 00:05 +00:00", "2027-02-01 00:05 +00:00", "2027-03-01 00:05 +00:00", "2027-04-05 00:05 +00:00",
            "2027-05-03 00:05 +00:00", "2027-06-07 00:05 +00:00", "2027-07-05 00:05 +00:00", "2027-08-02 00:05 +00:00",
            "2027-09-06 00:05 +00:00", "2027-10-04 00:05 +00:00", "2027-11-01 00:05 +00:00", "2027-12-06 00:05 +00:00",
        ]);
    }

    [Fact]
    public void NextAfter_IsStrictlyAfter() =>
        Parse("5 0 * * MON#1").NextAfter(DateTimeOffset.Parse("2027-01-04T00:05:00Z", CultureInfo.InvariantCulture))
            .ShouldBe(DateTimeOffset.Parse("2027-02-01T00:05:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public void Occurrences_LastDayOfMonth_AcrossFebruaryAndLeapYear() =>
        Next(Parse("0 0 L * *"), "2027-01-15T00:00:00Z", 14).ShouldBe(
        [
            "2027-01-31 00:00 +00:00", "2027-02-28 00:00 +00:00", "2027-03-31 00:00 +00:00", "2027-04-30 00:00 +00:00",
            "2027-05-31 00:00 +00:00", "2027-06-30 00:00 +00:00", "2027-07-31 00:00 +00:00", "2027-08-31 00:00 +00:00",
            "2027-09-30 00:00 +00:00", "2027-10-31 00:00 +00:00", "2027-11-30 00:00 +00:00", "2027-12-31 00:00 +00:00",
            "2028-01-31 00:00 +00:00", "2028-02-29 00:00 +00:00",
        ]);

    [Fact]
    public void Occurrences_The31st_SkipsShortMonths() =>
        Next(Parse("0 12 31 * *"), "2027-01-01T00:00:00Z", 7).ShouldBe(
        [
            "2027-01-31 12:00 +00:00", "2027-03-31 12:00 +00:00", "2027-05-31 12:00 +00:00", "2027-07-31 12:00 +00:00",
            "2027-08-31 12:00 +00:00", "2027-10-31 12:00 +00:00", "2027-12-31 12:00 +00:00",
        ]);

    [Fact]
    public void Occurrences_Feb29_OnlyInLeapYears() =>
        Next(Parse("0 9 29 2 *"), "2027-01-01T00:00:00Z", 3).ShouldBe(["2028-02-29 09:00 +00:00", "2032-02-29 09:00 +00:00", "2036-02-29 09:00 +00:00"]);

    [Fact]
    public void Occurrences_DublinSpringForward_SkippedTimeFiresAfterTheGap() =>
        // 2027-03-28: clocks go from 01:00 GMT to 02:00 IST; 01:30 does not exist that day.
        Next(Parse("30 1 * * *", "Europe/Dublin"), "2027-03-26T00:00:00Z", 4).ShouldBe(
            ["2027-03-26 01:30 +00:00", "2027-03-27 01:30 +00:00", "2027-03-28 02:30 +01:00", "2027-03-29 01:30 +01:00"]);

    [Fact]
    public void Occurrences_DublinFallBack_RepeatedTimeFiresOnce() =>
        // 2027-10-31: clocks go from 02:00 IST back to 01:00 GMT; 01:30 occurs twice.
        Next(Parse("30 1 * * *", "Europe/Dublin"), "2027-10-30T00:00:00Z", 3).ShouldBe(
            ["2027-10-30 01:30 +01:00", "2027-10-31 01:30 +01:00", "2027-11-01 01:30 +00:00"]);

    [Fact]
    public void Occurrences_LosAngelesSpringForward_SkippedTimeFiresAfterTheGap() =>
        // 2027-03-14: clocks go from 02:00 PST to 03:00 PDT.
        Next(Parse("30 2 * * *", "America/Los_Angeles"), "2027-03-13T00:00:00Z", 3).ShouldBe(
            ["2027-03-13 02:30 -08:00", "2027-03-14 03:30 -07:00", "2027-03-15 02:30 -07:00"]);

    [Fact]
    public void Occurrences_LosAngelesFallBack_RepeatedTimeFiresOnce() =>
        // 2027-11-07: clocks go from 02:00 PDT back to 01:00 PST.
        Next(Parse("30 1 * * *", "America/Los_Angeles"), "2027-11-06T00:00:00Z", 3).ShouldBe(
            ["2027-11-06 01:30 -07:00", "2027-11-07 01:30 -07:00", "2027-11-08 01:30 -08:00"]);

    [Fact]
    public void NextAfter_InsideTheRepeatedHour_SkipsToTheNextDay() =>
        // 09:10 UTC on 2027-11-07 is 01:10 PST, the second pass of the repeated hour: 01:30 PDT has passed.
        Next(Parse("30 1 * * *", "America/Los_Angeles"), "2027-11-07T09:10:00Z", 1).ShouldBe(["2027-11-08 01:30 -08:00"]);

    [Fact]
    public void Occurrences_HourlyAcrossSpringForward_NoDuplicateNoHang() =>
        Next(Parse("0 * * * *", "Europe/Dublin"), "2027-03-27T23:30:00Z", 3).ShouldBe(
            ["2027-03-28 00:00 +00:00", "2027-03-28 02:00 +01:00", "2027-03-28 03:00 +01:00"]);

    [Fact]
    public void NeverFiring_HasNoNext() =>
        Parse("0 0 0 30 2 ?").NextAfter(DateTimeOffset.Parse("2027-01-01T00:00:00Z", CultureInfo.InvariantCulture)).ShouldBeNull();

    [Fact]
    public void QuartzExpression_IsCanonical() => Parse("5 0 * * MON#1").QuartzExpression.ShouldBe("0 5 0 ? * MON#1");

    [Theory]
    [InlineData("", "UTC", "empty cron expression; expected 5 crontab fields (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])")]
    [InlineData("   ", "UTC", "empty cron expression; expected 5 crontab fields (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])")]
    [InlineData("5 0 * *", "UTC", "'5 0 * *' has 4 fields; expected 5 crontab fields (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])")]
    [InlineData("0 0 0 0 0 0 0 0", "UTC", "'0 0 0 0 0 0 0 0' has 8 fields; expected 5 crontab fields (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])")]
    [InlineData("weekly", "UTC", "'weekly' has 1 field; expected 5 crontab fields (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])")]
    [InlineData("5 0 * * MOX#1", "UTC", "'5 0 * * MOX#1' is not a valid cron expression: Invalid Day-of-Week value: 'MOX'; expected 5 crontab fields (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])")]
    [InlineData("61 0 * * *", "UTC", "'61 0 * * *' is not a valid cron expression: Minute and Second values must be between 0 and 59; expected 5 crontab fields (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])")]
    [InlineData("5 0 * * MON", "Europe/Dubln", "unknown time zone 'Europe/Dubln'; expected an IANA time zone such as UTC or Europe/Dublin")]
    [InlineData("5 0 * * MON", "", "unknown time zone ''; expected an IANA time zone such as UTC or Europe/Dublin")]
    [InlineData("5 0 * * MON", "Mars/Olympus", "unknown time zone 'Mars/Olympus'; expected an IANA time zone such as UTC or Europe/Dublin")]
    public void TryParse_Invalid_OneLineError(string expression, string zone, string expected)
    {
        DrillSchedule.TryParse(expression, zone, out var schedule, out var error).ShouldBeFalse();
        schedule.ShouldBeNull();
        error.ShouldBe(expected);
        error.ShouldNotContain("\n");
    }
}
