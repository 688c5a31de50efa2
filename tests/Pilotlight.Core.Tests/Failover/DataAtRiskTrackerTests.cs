using Pilotlight.Core.Failover;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Tests.Failover;

public sealed class DataAtRiskTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A clock the test moves.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = T0;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static DatabaseStatus Measured(TimeSpan lag) => new("b", DatabaseRole.Standby, 1, "0/3000060", 0, lag, true, null);

    // What a standby reports when the primary cannot be asked: bytes maybe, no time lag.
    private static DatabaseStatus StandbyAlone => new("b", DatabaseRole.Standby, 1, "0/3000060", 0, null, false, null);

    private static readonly FailoverSettings Automatic = new(FailoverPolicy.Automatic, null, TimeSpan.FromSeconds(2));

    [Fact]
    public void RpoGateBlindOncePrimaryDead_StalledThenKilled_EstimateGrowsFromTheLastProof_NeverFallsToZero()
    {
        // The finding: replication stalled for 6 s (lag measured 6 s while the primary answered), then the primary
        // died; the standby alone reported 0 unreplayed bytes and the controller overwrote its lag with 0.
        var clock = new ManualClock();
        var tracker = new DataAtRiskTracker("a", "b", clock);
        tracker.Observe(Measured(TimeSpan.FromSeconds(6)), T0).ShouldBeTrue();

        clock.Now = T0.AddSeconds(1.5);
        tracker.Observe(StandbyAlone, T0.AddSeconds(1)).ShouldBeFalse();
        tracker.Observe(StandbyAlone, T0.AddSeconds(1.5)).ShouldBeFalse();

        var risk = tracker.Estimate();
        risk.Loss.ShouldBe(TimeSpan.FromSeconds(7.5));
        risk.How.ShouldBe("last proof that b had replayed a's commits 1s500ms ago, trailing by 6s then");
        var decision = FailoverDecision.Decide(Automatic, risk, force: false);
        decision.Verdict.ShouldBe(FailoverVerdict.AwaitApproval);
        decision.Reason.ShouldBe("estimated data loss 7s500ms (last proof that b had replayed a's commits 1s500ms ago, trailing by 6s then) exceeds max_data_loss 2s: approve to accept it");
    }

    [Fact]
    public void CaughtUpProof_EstimateIsItsAge_AndOnlyGrowsWhileThePrimaryIsSilent()
    {
        var clock = new ManualClock();
        var tracker = new DataAtRiskTracker("a", "b", clock);
        tracker.Observe(Measured(TimeSpan.Zero), T0);

        clock.Now = T0.AddSeconds(1);
        var first = tracker.Estimate().Loss!.Value;
        clock.Now = T0.AddSeconds(3);
        var later = tracker.Estimate().Loss!.Value;

        first.ShouldBe(TimeSpan.FromSeconds(1));
        later.ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void NoProofEver_IsUnknown_AndUnknownAwaitsApproval()
    {
        var tracker = new DataAtRiskTracker("a", "b", new ManualClock());
        tracker.Observe(StandbyAlone, T0);
        tracker.Observe(new DatabaseStatus("b", DatabaseRole.Unreachable, null, null, null, null, false, "refused"), T0);

        var risk = tracker.Estimate();

        risk.Loss.ShouldBeNull();
        risk.How.ShouldBe("no proof yet that b had replayed a's commits");
        FailoverDecision.Decide(Automatic, risk, force: false).Verdict.ShouldBe(FailoverVerdict.AwaitApproval);
    }

    [Fact]
    public void AProofOfAnotherPair_OrAnOlderObservation_IsNoProof()
    {
        var clock = new ManualClock { Now = T0.AddSeconds(10) };
        var tracker = new DataAtRiskTracker("b", "a", clock, new ReplicationProof("a", "b", T0, TimeSpan.Zero));
        tracker.LastProof.ShouldBeNull();

        var pair = new DataAtRiskTracker("a", "b", clock, new ReplicationProof("a", "b", T0.AddSeconds(5), TimeSpan.Zero));
        pair.Observe(Measured(TimeSpan.Zero), T0).ShouldBeFalse();
        pair.Estimate().Loss.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void APrimaryAnsweringOnTheStandbySite_IsNoProof()
    {
        var tracker = new DataAtRiskTracker("a", "b", new ManualClock());
        tracker.Observe(new DatabaseStatus("b", DatabaseRole.Primary, 2, "0/4000000", null, TimeSpan.Zero, false, null), T0).ShouldBeFalse();
        tracker.Estimate().Loss.ShouldBeNull();
    }
}
