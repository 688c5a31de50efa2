using System.Collections.Immutable;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Schedules;
using static Pilotlight.Core.Tests.Schedules.TestSchedules;

namespace Pilotlight.Core.Tests.Schedules;

public sealed class DrillCalendarTests
{
    private static readonly DrillSpec Monthly = new("monthly", Parse("5 0 * * MON#1"), TimeSpan.FromHours(1), DrillMode.Live);

    private static readonly ImmutableDictionary<string, DateTimeOffset> NoneHandled = ImmutableDictionary<string, DateTimeOffset>.Empty;

    [Fact]
    public void TheSeedsMonthlyDrill_IsDueOnTheFirstMondayAt0005Utc_NotBefore()
    {
        var started = At("2027-01-01T12:00:00Z"); // a Friday
        DrillCalendar.Due([Monthly], NoneHandled, started, At("2027-01-04T00:04:59Z")).ShouldBeEmpty();
        var due = DrillCalendar.Due([Monthly], NoneHandled, started, At("2027-01-04T00:05:00Z")).ShouldHaveSingleItem();
        due.At.ShouldBe(At("2027-01-04T00:05:00Z"));
        due.Missed.ShouldBeFalse();
        Monthly.Schedule.NextAfter(due.At).ShouldBe(At("2027-02-01T00:05:00Z"));
    }

    [Fact]
    public void AnOccurrenceHandledOnce_IsNotDueAgain_TheNextOneIs()
    {
        var started = At("2027-01-01T12:00:00Z");
        var handled = NoneHandled.Add("monthly", At("2027-01-04T00:05:00Z"));
        DrillCalendar.Due([Monthly], handled, started, At("2027-01-20T00:00:00Z")).ShouldBeEmpty();
        DrillCalendar.Due([Monthly], handled, started, At("2027-02-01T00:05:01Z")).ShouldHaveSingleItem().At.ShouldBe(At("2027-02-01T00:05:00Z"));
    }

    [Fact]
    public void AControllerStartedAfterTheTime_DoesNotRunTheOccurrenceBeforeItStarted()
    {
        DrillCalendar.Due([Monthly], NoneHandled, At("2027-01-04T00:06:00Z"), At("2027-01-04T00:07:00Z")).ShouldBeEmpty();
    }

    [Fact]
    public void AnOccurrenceFoundLongAfterItsTime_IsMissed_AndSkippedWithThatReason()
    {
        var handled = NoneHandled.Add("monthly", At("2027-01-04T00:05:00Z"));
        var due = DrillCalendar.Due([Monthly], handled, At("2027-01-10T00:00:00Z"), At("2027-02-01T01:00:00Z")).ShouldHaveSingleItem();
        due.Missed.ShouldBeTrue();
        var verdict = DrillCalendar.Decide(due, otherExecution: null, notReady: null);
        verdict.Runs.ShouldBeFalse();
        verdict.Reason.ShouldStartWith("missed: due at 2027-02-01 00:05 UTC");
    }

    [Fact]
    public void ALateStartWithinTheGrace_StillRuns()
    {
        var handled = NoneHandled.Add("monthly", At("2027-01-04T00:05:00Z"));
        var due = DrillCalendar.Due([Monthly], handled, At("2027-01-10T00:00:00Z"), At("2027-02-01T00:19:00Z")).ShouldHaveSingleItem();
        due.Missed.ShouldBeFalse();
        DrillCalendar.Decide(due, null, null).ShouldBe(DrillVerdict.Run);
    }

    [Fact]
    public void ADueDrill_IsSkippedWhileAnotherExecutionRuns_OrThePlanIsNotReady_WithTheReason()
    {
        var due = new DueDrill(Monthly, At("2027-01-04T00:05:00Z"), Missed: false);
        DrillCalendar.Decide(due, "20270104T000000Z-failover-a-b is unfinished", null).Reason.ShouldBe("another execution runs: 20270104T000000Z-failover-a-b is unfinished");
        DrillCalendar.Decide(due, null, "database: site b is not streaming").Reason.ShouldBe("the plan is NOT READY: database: site b is not streaming");
        DrillCalendar.Decide(due, "x", "y").Reason.ShouldStartWith("another execution runs");
    }

    [Fact]
    public void ADrillInAZone_IsDueOnThatZonesWallClock()
    {
        var dublin = new DrillSpec("dublin", Parse("0 2 * * SUN", "Europe/Dublin"), TimeSpan.FromMinutes(5), DrillMode.Isolated);
        // 2027-07-04 is a Sunday in summer: 02:00 IST is 01:00 UTC.
        var started = At("2027-07-03T00:00:00Z");
        DrillCalendar.Due([dublin], NoneHandled, started, At("2027-07-04T00:59:59Z")).ShouldBeEmpty();
        DrillCalendar.Due([dublin], NoneHandled, started, At("2027-07-04T01:00:00Z")).ShouldHaveSingleItem().At.ShouldBe(At("2027-07-04T01:00:00Z"));
    }
}
