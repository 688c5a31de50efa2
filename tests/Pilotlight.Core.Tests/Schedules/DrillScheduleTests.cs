using System.Globalization;
using static Pilotlight.Core.Tests.Schedules.TestSchedules;

namespace Pilotlight.Core.Tests.Schedules;

public sealed class DrillScheduleTests
{
    // Monday the 4th of January 2027 is the year's first Monday (checked with Python's calendar).
    private static readonly string[] FirstMondays2027 =
    [
        "2027-01-04T00:05:00+00:00", "2027-02-01T00:05:00+00:00", "2027-03-01T00:05:00+00:00", "2027-04-05T00:05:00+00:00",
        "2027-05-03T00:05:00+00:00", "2027-06-07T00:05:00+00:00", "2027-07-05T00:05:00+00:00", "2027-08-02T00:05:00+00:00",
        "2027-09-06T00:05:00+00:00", "2027-10-04T00:05:00+00:00", "2027-11-01T00:05:00+00:00", "2027-12-06T00:05:00+00:00",
    ];

    [Theory]
    [InlineData("5 0 * * MON#1")]
    [InlineData("5 0 ? * mon#1")]
    [InlineData("0 5 0 ? * MON#1")]
    [InlineData("0 5 0 ? * MON#1 *")]
    [InlineData("0 5 0 ? * MON#1 2027")]
    public void Occurrences_FirstMondayAt0005Utc_TwelveTimesIn2027(string expression) =>
        Next(expression, "UTC", "2026-12-31T23:59:59Z", 12).ShouldBe(FirstMondays2027);

    [Fact]
    public void Occurrences_CrontabAndQuartzForms_GiveTheSameList()
    {
        var crontab = Parse("5 0 * * MON#1").Occurrences(At("2027-01-01T00:00:00Z"), 12);
        var quartz = Parse("0 5 0 ? * MON#1").Occurrences(At("2027-01-01T00:00:00Z"), 12);

        crontab.ShouldBe(quartz);
        crontab.Select(Local).ShouldBe(FirstMondays2027);
    }

    [Fact]
    public void Occurrences_YearField_EndsWithTheYear() =>
        Next("0 5 0 ? * MON#1 2027", "UTC", "2027-11-15T00:00:00Z", 3).ShouldBe(["2027-12-06T00:05:00+00:00"]);

    [Fact]
    public void NextAfter_AtAnOccurrence_ReturnsTheFollowingOne() =>
        Parse("5 0 * * MON#1").NextAfter(At("2027-01-04T00:05:00Z")).ShouldBe(At("2027-02-01T00:05:00Z"));

    [Fact]
    public void NextAfter_ATickBeforeAnOccurrence_ReturnsIt() =>
        Parse("5 0 * * MON#1").NextAfter(At("2027-01-04T00:05:00Z").AddTicks(-1)).ShouldBe(At("2027-01-04T00:05:00Z"));

    [Fact]
    public void NextAfter_InstantInAnotherOffset_ReturnsTheTimeInTheScheduleZone()
    {
        var next = Parse("5 0 * * MON#1", "Europe/Dublin").NextAfter(At("2027-07-01T09:00:00-07:00"));

        next.ShouldNotBeNull();
        next.Value.ToString("o", CultureInfo.InvariantCulture).ShouldBe("2027-07-05T00:05:00.0000000+01:00");
        next.Value.UtcDateTime.ShouldBe(new DateTime(2027, 7, 4, 23, 5, 0, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData("0 0 L * *")]
    [InlineData("0 0 0 L * ?")]
    public void Occurrences_LastDayOfMonth_IncludesFebruary28And29(string expression) =>
        Next(expression, "UTC", "2027-01-15T00:00:00Z", 15).ShouldBe(
        [
            "2027-01-31T00:00:00+00:00", "2027-02-28T00:00:00+00:00", "2027-03-31T00:00:00+00:00", "2027-04-30T00:00:00+00:00",
            "2027-05-31T00:00:00+00:00", "2027-06-30T00:00:00+00:00", "2027-07-31T00:00:00+00:00", "2027-08-31T00:00:00+00:00",
            "2027-09-30T00:00:00+00:00", "2027-10-31T00:00:00+00:00", "2027-11-30T00:00:00+00:00", "2027-12-31T00:00:00+00:00",
            "2028-01-31T00:00:00+00:00", "2028-02-29T00:00:00+00:00", "2028-03-31T00:00:00+00:00",
        ]);

    [Theory]
    [InlineData("0 0 31 * *")]
    [InlineData("0 0 0 31 * ?")]
    public void Occurrences_The31st_SkipsMonthsWithoutOne(string expression) =>
        Next(expression, "UTC", "2027-01-01T00:00:00Z", 8).ShouldBe(
        [
            "2027-01-31T00:00:00+00:00", "2027-03-31T00:00:00+00:00", "2027-05-31T00:00:00+00:00", "2027-07-31T00:00:00+00:00",
            "2027-08-31T00:00:00+00:00", "2027-10-31T00:00:00+00:00", "2027-12-31T00:00:00+00:00", "2028-01-31T00:00:00+00:00",
        ]);

    [Theory]
    [InlineData("0 9 29 FEB *")]
    [InlineData("0 0 9 29 2 ?")]
    public void Occurrences_February29_JumpsFrom2028To2032(string expression) =>
        Next(expression, "UTC", "2027-01-01T00:00:00Z", 3).ShouldBe(
            ["2028-02-29T09:00:00+00:00", "2032-02-29T09:00:00+00:00", "2036-02-29T09:00:00+00:00"]);

    [Theory]
    [InlineData("0 0 0 30 2 ?")]
    [InlineData("0 0 0 ? * MON 2020")]
    public void NextAfter_ScheduleThatNeverFiresAgain_ReturnsNull(string expression) =>
        Parse(expression).NextAfter(At("2027-01-01T00:00:00Z")).ShouldBeNull();

    [Fact]
    public void Occurrences_CountZero_IsEmpty() =>
        Parse("5 0 * * MON#1").Occurrences(At("2027-01-01T00:00:00Z"), 0).ShouldBeEmpty();

    [Fact]
    public void NextAfter_EndsOfTheCalendar_DoNotThrow()
    {
        var schedule = Parse("5 0 * * MON#1", "America/Los_Angeles");

        schedule.NextAfter(DateTimeOffset.MaxValue).ShouldBeNull();
        schedule.NextAfter(DateTimeOffset.MinValue).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("5 0 * * MON#1", "0 5 0 ? * MON#1")]
    [InlineData("30 1 * * *", "0 30 1 * * ?")]
    [InlineData("0 9 1 * *", "0 0 9 1 * ?")]
    [InlineData("0 0 L * *", "0 0 0 L * ?")]
    [InlineData("*/15 9-17 * * MON-FRI", "0 */15 9-17 ? * MON-FRI")]
    [InlineData("0 5 0 ? * MON#1", "0 5 0 ? * MON#1")]
    public void QuartzExpression_IsTheQuartzForm(string expression, string quartz) =>
        Parse(expression).QuartzExpression.ShouldBe(quartz);

    [Fact]
    public void TryParse_Valid_KeepsTheTextAndTheZone()
    {
        var schedule = Parse("  5 0\t* * MON#1 ", "Europe/Dublin");

        schedule.Expression.ShouldBe("  5 0\t* * MON#1 ");
        schedule.QuartzExpression.ShouldBe("0 5 0 ? * MON#1");
        schedule.TimeZone.Id.ShouldBe("Europe/Dublin");
    }
}
