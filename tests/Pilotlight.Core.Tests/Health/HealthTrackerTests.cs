using System.Collections.Immutable;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Tests.Health;

public sealed class HealthTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static HealthTracker Tracker(int quorum = 1, int failures = 3, int recoveries = 3, int vantagePoints = 1) => new(new HealthSettings
    {
        Interval = TimeSpan.FromMilliseconds(500),
        Timeout = TimeSpan.FromMilliseconds(400),
        FailureThreshold = failures,
        RecoveryThreshold = recoveries,
        Quorum = quorum,
        VantagePoints = [.. Enumerable.Range(0, vantagePoints).Select(i => new VantagePoint(i == 0 ? "entry" : "direct", i == 0 ? VantageRoute.Entry : VantageRoute.Direct))],
        Probes = [new HttpProbeSpec("shop", "/healthz", null, 200, null, null)],
    });

    private static ImmutableArray<ProbeObservation> Round(string vantage, bool ok, int tick, string site = "a") =>
        [new ProbeObservation(vantage, site, "shop", ok, TimeSpan.FromMilliseconds(3), ok ? "200" : "connection refused", Start.AddMilliseconds(500 * tick))];

    [Fact]
    public void Record_FailuresBelowThreshold_NoEvent_ThresholdReached_SiteDownWithEvidence()
    {
        var tracker = Tracker();
        tracker.Record(Round("entry", true, 0)).ShouldBeEmpty();
        tracker.HealthOf("a").ShouldBe(SiteHealth.Healthy);

        tracker.Record(Round("entry", false, 1)).ShouldBeEmpty();
        tracker.Record(Round("entry", false, 2)).ShouldBeEmpty();
        var events = tracker.Record(Round("entry", false, 3));

        events.Select(e => e.Kind).ShouldBe([HealthEventKind.VantageFailing, HealthEventKind.SiteDown]);
        events[1].At.ShouldBe(Start.AddMilliseconds(1500));
        events[1].Evidence.Length.ShouldBe(3);
        events[1].Evidence.ShouldAllBe(o => !o.Success && o.Detail == "connection refused");
        events[1].Summary.ShouldBe("site a is down: 1 of 1 vantage points agree (entry; quorum 1)");
        tracker.HealthOf("a").ShouldBe(SiteHealth.Down);
    }

    [Fact]
    public void Record_IntermittentFailures_NeverDown()
    {
        var tracker = Tracker();
        var ticks = new[] { false, false, true, false, false, true, false, false, true };
        for (var i = 0; i < ticks.Length; i++)
        {
            tracker.Record(Round("entry", ticks[i], i)).ShouldBeEmpty();
        }

        tracker.HealthOf("a").ShouldNotBe(SiteHealth.Down);
    }

    [Fact]
    public void Record_OneVantageOfTwoWithQuorumTwo_SiteNotDown_BothAgree_SiteDown()
    {
        var tracker = Tracker(quorum: 2, vantagePoints: 2);
        for (var i = 0; i < 3; i++)
        {
            tracker.Record(Round("entry", false, i));
            tracker.Record(Round("direct", true, i));
        }

        tracker.HealthOf("a", "entry").ShouldBe(SiteHealth.Down);
        tracker.HealthOf("a").ShouldNotBe(SiteHealth.Down);

        tracker.Record(Round("direct", false, 3)).ShouldBeEmpty();
        tracker.Record(Round("direct", false, 4)).ShouldBeEmpty();
        var events = tracker.Record(Round("direct", false, 5));

        events.Select(e => e.Kind).ShouldBe([HealthEventKind.VantageFailing, HealthEventKind.SiteDown]);
        events[1].Evidence.Select(o => o.VantagePoint).Distinct().Order().ShouldBe(["direct", "entry"]);
    }

    [Fact]
    public void Record_Flapping_RecoversOnlyAfterRecoveryThresholdGoodRoundsInARow()
    {
        var tracker = Tracker(recoveries: 3);
        for (var i = 0; i < 3; i++)
        {
            tracker.Record(Round("entry", false, i));
        }

        tracker.HealthOf("a").ShouldBe(SiteHealth.Down);
        tracker.Record(Round("entry", true, 3)).ShouldBeEmpty();
        tracker.Record(Round("entry", true, 4)).ShouldBeEmpty();
        tracker.Record(Round("entry", false, 5)).ShouldBeEmpty(); // flap: the count starts again
        tracker.Record(Round("entry", true, 6)).ShouldBeEmpty();
        tracker.Record(Round("entry", true, 7)).ShouldBeEmpty();
        tracker.HealthOf("a").ShouldBe(SiteHealth.Down);

        var events = tracker.Record(Round("entry", true, 8));

        events.Select(e => e.Kind).ShouldBe([HealthEventKind.VantageRecovered, HealthEventKind.SiteRecovered]);
        tracker.HealthOf("a").ShouldBe(SiteHealth.Healthy);
    }

    [Fact]
    public void Record_OneFailingProbeInARound_FailsTheRound()
    {
        var tracker = Tracker(failures: 1);
        ProbeObservation[] round =
        [
            new("entry", "a", "shop", true, TimeSpan.FromMilliseconds(2), "200", Start),
            new("entry", "a", "db", false, TimeSpan.FromMilliseconds(400), "timeout after 400ms", Start),
        ];

        var events = tracker.Record(round);

        events.Last().Kind.ShouldBe(HealthEventKind.SiteDown);
        events.Last().Evidence.ShouldHaveSingleItem().Probe.ShouldBe("db");
    }

    [Fact]
    public void Record_SitesAreIndependent()
    {
        var tracker = Tracker(failures: 1);
        tracker.Record(Round("entry", false, 0, site: "a"));
        tracker.Record(Round("entry", true, 0, site: "b"));

        tracker.HealthOf("a").ShouldBe(SiteHealth.Down);
        tracker.HealthOf("b").ShouldBe(SiteHealth.Healthy);
    }

    [Fact]
    public void Record_MixedRound_Refused() =>
        Should.Throw<ArgumentException>(() => Tracker().Record([.. Round("entry", true, 0), .. Round("direct", true, 0)]));
}
