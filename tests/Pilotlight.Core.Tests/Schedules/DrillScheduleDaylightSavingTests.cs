using static Pilotlight.Core.Tests.Schedules.TestSchedules;

namespace Pilotlight.Core.Tests.Schedules;

// 2027 changes (checked with Python's zoneinfo): Europe/Dublin springs forward at 01:00Z on 28 March (01:00 GMT ->
// 02:00 IST) and falls back at 01:00Z on 31 October (02:00 IST -> 01:00 GMT); America/Los_Angeles springs forward at
// 10:00Z on 14 March (02:00 PST -> 03:00 PDT) and falls back at 09:00Z on 7 November (02:00 PDT -> 01:00 PST).
public sealed class DrillScheduleDaylightSavingTests
{
    [Fact]
    public void Occurrences_DublinSpringForward_MissingTimeFiresWhenTheClocksMove() =>
        Next("30 1 * * *", "Europe/Dublin", "2027-03-26T00:00:00Z", 4).ShouldBe(
            ["2027-03-26T01:30:00+00:00", "2027-03-27T01:30:00+00:00", "2027-03-28T02:00:00+01:00", "2027-03-29T01:30:00+01:00"]);

    [Fact]
    public void Occurrences_DublinFallBack_RepeatedTimeFiresOnceAtItsFirstOccurrence() =>
        Next("30 1 * * *", "Europe/Dublin", "2027-10-30T00:00:00Z", 3).ShouldBe(
            ["2027-10-30T01:30:00+01:00", "2027-10-31T01:30:00+01:00", "2027-11-01T01:30:00+00:00"]);

    [Fact]
    public void Occurrences_LosAngelesSpringForward_MissingTimeFiresWhenTheClocksMove() =>
        Next("30 2 * * *", "America/Los_Angeles", "2027-03-13T00:00:00Z", 3).ShouldBe(
            ["2027-03-13T02:30:00-08:00", "2027-03-14T03:00:00-07:00", "2027-03-15T02:30:00-07:00"]);

    [Fact]
    public void Occurrences_LosAngelesFallBack_RepeatedTimeFiresOnceAtItsFirstOccurrence() =>
        Next("30 1 * * *", "America/Los_Angeles", "2027-11-06T00:00:00Z", 3).ShouldBe(
            ["2027-11-06T01:30:00-07:00", "2027-11-07T01:30:00-07:00", "2027-11-08T01:30:00-08:00"]);

    [Fact]
    public void NextAfter_InTheFirstPassOfTheRepeatedHour_ReturnsTheFirstOccurrence() =>
        // 08:10Z is 01:10 PDT.
        Next("30 1 * * *", "America/Los_Angeles", "2027-11-07T08:10:00Z", 1).ShouldBe(["2027-11-07T01:30:00-07:00"]);

    [Fact]
    public void NextAfter_InTheSecondPassOfTheRepeatedHour_DoesNotFireAgain() =>
        // 09:10Z is 01:10 PST: 01:30 fired at 01:30 PDT (08:30Z); Quartz alone would answer 01:30 PST (09:30Z).
        Next("30 1 * * *", "America/Los_Angeles", "2027-11-07T09:10:00Z", 1).ShouldBe(["2027-11-08T01:30:00-08:00"]);

    [Fact]
    public void Occurrences_HourlyAcrossDublinSpringForward_OnceAtTheChangeAndNoRepeats() =>
        Next("0 * * * *", "Europe/Dublin", "2027-03-27T23:30:00Z", 3).ShouldBe(
            ["2027-03-28T00:00:00+00:00", "2027-03-28T02:00:00+01:00", "2027-03-28T03:00:00+01:00"]);

    [Fact]
    public void Occurrences_HourlyAcrossDublinFallBack_FiresInBothPasses() =>
        Next("0 * * * *", "Europe/Dublin", "2027-10-30T23:30:00Z", 4).ShouldBe(
            ["2027-10-31T01:00:00+01:00", "2027-10-31T01:00:00+00:00", "2027-10-31T02:00:00+00:00", "2027-10-31T03:00:00+00:00"]);

    [Fact]
    public void Occurrences_HalfHourlyFromTheFirstPassInLosAngeles_FiresInBothPassesInOrder() =>
        Next("*/30 * * * *", "America/Los_Angeles", "2027-11-07T08:10:00Z", 4).ShouldBe(
            ["2027-11-07T01:30:00-07:00", "2027-11-07T01:00:00-08:00", "2027-11-07T01:30:00-08:00", "2027-11-07T02:00:00-08:00"]);

    [Fact]
    public void Occurrences_SeveralMissingTimesInOneGap_FireOnce() =>
        Next("*/15 2 * * *", "America/Los_Angeles", "2027-03-13T11:00:00Z", 3).ShouldBe(
            ["2027-03-14T03:00:00-07:00", "2027-03-15T02:00:00-07:00", "2027-03-15T02:15:00-07:00"]);
}
