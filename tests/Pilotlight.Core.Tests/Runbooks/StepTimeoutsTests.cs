using Pilotlight.Core.Failover;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Runbooks;

public sealed class StepTimeoutsTests
{
    private static readonly Pilotlight.Core.Plans.Plan Plan = SamplePlans.Parse(SamplePlans.Valid).Plan!;

    private sealed class Slow(params (ProviderOperation Operation, TimeSpan Timeout)[] timeouts) : IOperationTimeouts
    {
        public TimeSpan? TimeoutFor(ProviderOperation operation) => timeouts.Where(t => t.Operation == operation).Select(t => (TimeSpan?)t.Timeout).FirstOrDefault();
    }

    [Fact]
    public void From_LargestPerOperation_ProvidersWithoutTimeoutsSkipped()
    {
        var timeouts = StepTimeouts.From([
            new Slow((ProviderOperation.Promotion, TimeSpan.FromMinutes(30))),
            "a provider that gives none",
            null,
            new Slow((ProviderOperation.Promotion, TimeSpan.FromMinutes(5)), (ProviderOperation.Scaling, TimeSpan.FromMinutes(15))),
        ]);

        timeouts.Minimums.ShouldBe(new Dictionary<ProviderOperation, TimeSpan> { [ProviderOperation.Promotion] = TimeSpan.FromMinutes(30), [ProviderOperation.Scaling] = TimeSpan.FromMinutes(15) }, ignoreOrder: true);
    }

    [Fact]
    public void Apply_RaisesByStepId_NeverLowers_OtherStepsAsBuilt()
    {
        var timeouts = StepTimeouts.From([new Slow(
            (ProviderOperation.Promotion, TimeSpan.FromMinutes(30)),
            (ProviderOperation.TrafficChange, TimeSpan.FromMinutes(1)),
            (ProviderOperation.DatabaseFence, TimeSpan.FromSeconds(1)))]);
        var defaults = FailoverRunbook.Build(Plan, "eu", "dr", FailoverRunbookTests.Parts()).Steps.ToDictionary(s => s.Id, s => s.Timeout);

        var steps = FailoverRunbook.Build(Plan, "eu", "dr", FailoverRunbookTests.Parts() with { Timeouts = timeouts }).Steps.ToDictionary(s => s.Id, s => s.Timeout);

        steps["promote-replica"].ShouldBe(TimeSpan.FromMinutes(30));
        steps["fence-traffic"].ShouldBe(TimeSpan.FromMinutes(1));
        steps["switch-traffic"].ShouldBe(TimeSpan.FromMinutes(1));
        steps["fence-database"].ShouldBe(defaults["fence-database"], "1 s is below the runbook's 3 s: never lowered");
        steps["scale-compute"].ShouldBe(defaults["scale-compute"]);
        steps["notify"].ShouldBe(defaults["notify"]);
    }
}
