using Pilotlight.Core.Schedules;

namespace Pilotlight.Core.Tests.Schedules;

public sealed class DrillScheduleParseTests
{
    private const string Fields =
        "expected 5 (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])";

    private const string Syntax = "expected crontab or Quartz cron syntax";
    private const string Zone = "expected an IANA time zone such as UTC or Europe/Dublin";

    [Theory]
    [InlineData(null, "UTC", "empty cron expression; " + Fields)]
    [InlineData("", "UTC", "empty cron expression; " + Fields)]
    [InlineData(" \t ", "UTC", "empty cron expression; " + Fields)]
    [InlineData("5 0 * *", "UTC", "'5 0 * *' has 4 fields; " + Fields)]
    [InlineData("5 0\n* *", "UTC", "'5 0 * *' has 4 fields; " + Fields)]
    [InlineData("0 0 0 1 1 ? 2027 x", "UTC", "'0 0 0 1 1 ? 2027 x' has 8 fields; " + Fields)]
    [InlineData("weekly", "UTC", "'weekly' has 1 field; " + Fields)]
    [InlineData("every day at noon", "UTC", "'every day at noon' has 4 fields; " + Fields)]
    [InlineData("5 0 * * 1#1", "UTC", "'5 0 * * 1#1' numbers the day-of-week (1#1), which crontab counts from 0 = SUN and Quartz from 1 = SUN; expected day names MON..SUN")]
    [InlineData("0 9 * * 1-5", "UTC", "'0 9 * * 1-5' numbers the day-of-week (1-5), which crontab counts from 0 = SUN and Quartz from 1 = SUN; expected day names MON..SUN")]
    [InlineData("5 0 1 * MON", "UTC", "'5 0 1 * MON' restricts both day-of-month (1) and day-of-week (MON), which crontab reads as either day; expected '*' in one of them")]
    [InlineData("0 0 L * FRI", "UTC", "'0 0 L * FRI' restricts both day-of-month (L) and day-of-week (FRI), which crontab reads as either day; expected '*' in one of them")]
    [InlineData("61 0 * * *", "UTC", "'61 0 * * *' is not a valid cron expression: Minute and Second values must be between 0 and 59; " + Syntax)]
    [InlineData("5 0 * * MOX#1", "UTC", "'5 0 * * MOX#1' is not a valid cron expression: Invalid Day-of-Week value: 'MOX'; " + Syntax)]
    [InlineData("0 0 25 * * ?", "UTC", "'0 0 25 * * ?' is not a valid cron expression: Hour values must be between 0 and 23; " + Syntax)]
    [InlineData("0 5 0 ? * MON#6", "UTC", "'0 5 0 ? * MON#6' is not a valid cron expression: A numeric value between 1 and 5 must follow the '#' option; " + Syntax)]
    [InlineData("0 5 0 ? * 8", "UTC", "'0 5 0 ? * 8' is not a valid cron expression: Day-of-Week values must be between 1 and 7, with 1 = Sunday and 7 = Saturday. Unix cron numbers days 0-6 starting at Sunday, use names (SUN, MON, ...) to stay unambiguous; " + Syntax)]
    [InlineData("a b c d e f", "UTC", "'a b c d e f' is not a valid cron expression: Illegal cron expression format (Specified argument was out of the range of valid values.); " + Syntax)]
    [InlineData("5 0 * * MON", "Europe/Dubln", "unknown time zone 'Europe/Dubln'; " + Zone)]
    [InlineData("5 0 * * MON", "Mars/Olympus_Mons", "unknown time zone 'Mars/Olympus_Mons'; " + Zone)]
    [InlineData("5 0 * * MON", "Europe/Dublin\n", "unknown time zone 'Europe/Dublin\\u000a'; " + Zone)]
    [InlineData("5 0 * * MON", "Pacific Standard Time", "'Pacific Standard Time' is a Windows time zone id; " + Zone)]
    [InlineData("5 0 * * MON", "", "missing time zone; " + Zone)]
    [InlineData("5 0 * * MON", null, "missing time zone; " + Zone)]
    [InlineData("5 0 * *", "Europe/Dubln", "'5 0 * *' has 4 fields; " + Fields)]
    public void TryParse_Invalid_ReturnsOneLineError(string? expression, string? zone, string expected)
    {
        DrillSchedule.TryParse(expression, zone, out var schedule, out var error).ShouldBeFalse();

        schedule.ShouldBeNull();
        error.ShouldBe(expected);
        error.ShouldNotContain('\n');
        error.Split("; expected ").Length.ShouldBe(2);
    }

    [Theory]
    [InlineData("5 0 * * MON#1", "UTC")]
    [InlineData("5 0 * * SUN-SAT/2", "utc")]
    [InlineData("*/15 9-17 * * MON-FRI", "America/Los_Angeles")]
    [InlineData("0 0 L * ?", "Europe/Dublin")]
    [InlineData("0 5 0 ? * MON#1 2027-2030", "Asia/Kolkata")]
    [InlineData("0 0 12 1 * MON", "Etc/GMT+5")]
    public void TryParse_Valid_ReturnsSchedule(string expression, string zone)
    {
        DrillSchedule.TryParse(expression, zone, out var schedule, out var error).ShouldBeTrue(error);

        schedule.Expression.ShouldBe(expression);
        error.ShouldBeNull();
    }
}
