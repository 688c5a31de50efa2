using Pilotlight.Core.Failover;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Tests.Runbooks;

public sealed class FailoverDecisionTests
{
    private static readonly FailoverSettings Automatic = new(FailoverPolicy.Automatic, null, TimeSpan.FromSeconds(5));

    [Fact]
    public void Automatic_LagWithinBudget_Proceeds() =>
        FailoverDecision.Decide(Automatic, TimeSpan.FromSeconds(1), force: false)
            .ShouldBe(new FailoverDecision(FailoverVerdict.Proceed, "policy automatic; estimated data loss 1s within max_data_loss 5s", TimeSpan.FromSeconds(1)));

    [Fact]
    public void Automatic_LagBeyondBudget_FallsBackToApprovalSayingHowMuch() =>
        FailoverDecision.Decide(Automatic, TimeSpan.FromSeconds(42), force: false)
            .ShouldBe(new FailoverDecision(FailoverVerdict.AwaitApproval, "estimated data loss 42s exceeds max_data_loss 5s: approve to accept it", TimeSpan.FromSeconds(42)));

    [Fact]
    public void Automatic_UnknownLag_IsNotWithinBudget() =>
        FailoverDecision.Decide(Automatic, (TimeSpan?)null, force: false).Verdict.ShouldBe(FailoverVerdict.AwaitApproval);

    [Fact]
    public void Force_ProceedsAndRecordsTheEstimate()
    {
        var decision = FailoverDecision.Decide(Automatic, TimeSpan.FromMinutes(2), force: true);

        decision.Verdict.ShouldBe(FailoverVerdict.Proceed);
        decision.Reason.ShouldBe("forced by the operator; estimated data loss 2m");
        decision.EstimatedLoss.ShouldBe(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void ApprovalPolicy_AwaitsEvenWithinBudget() =>
        FailoverDecision.Decide(Automatic with { Policy = FailoverPolicy.Approval }, TimeSpan.Zero, force: false)
            .ShouldBe(new FailoverDecision(FailoverVerdict.AwaitApproval, "policy approval; estimated data loss 0s", TimeSpan.Zero));

    [Fact]
    public void ManualPolicy_NeverActsAlone() =>
        FailoverDecision.Decide(Automatic with { Policy = FailoverPolicy.Manual }, TimeSpan.Zero, force: false).Verdict.ShouldBe(FailoverVerdict.Manual);
}
