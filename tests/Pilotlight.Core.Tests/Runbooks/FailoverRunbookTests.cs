using System.Collections.Immutable;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Runbooks;

public sealed class FailoverRunbookTests
{
    private static readonly Pilotlight.Core.Plans.Plan Plan = SamplePlans.Parse(SamplePlans.Valid).Plan!;

    internal static FailoverParts Parts(bool database = true)
    {
        var untouched = new Untouched();
        return new FailoverParts
        {
            Traffic = untouched,
            Database = database ? untouched : null,
            Compute = untouched,
            ServesThroughEntry = (_, _) => throw new InvalidOperationException("touched"),
            ActiveSite = () => throw new InvalidOperationException("touched"),
            RecordActiveSite = _ => throw new InvalidOperationException("touched"),
            Notify = (_, _) => throw new InvalidOperationException("touched"),
        };
    }

    [Fact]
    public void Build_WithDatabase_FencesBeforePromoting_ScalesInParallel_SwitchesAfterBoth()
    {
        var runbook = FailoverRunbook.Build(Plan, "eu", "dr", Parts());

        runbook.Kind.ShouldBe("failover eu->dr");
        runbook.Waves().Select(w => string.Join("+", w.Select(s => s.Id))).ShouldBe(
            ["fence-traffic", "fence-database+scale-compute+fence-compute", "promote-replica", "switch-traffic", "verify", "notify"]);
        var steps = runbook.Steps.ToDictionary(s => s.Id);
        steps["fence-database"].BestEffort.ShouldBeTrue();
        steps["fence-database"].Timeout.ShouldBe(TimeSpan.FromSeconds(3));
        steps["fence-database"].WhenFailed.ShouldBe("not fenced: the traffic fence is what protects clients meanwhile");
        steps["fence-compute"].BestEffort.ShouldBeTrue();
        steps["fence-compute"].DependsOn.ShouldBe(["fence-traffic"]);
        steps["promote-replica"].DependsOn.ShouldBe(["fence-database"]);
        steps["notify"].BestEffort.ShouldBeTrue();
        steps["switch-traffic"].DependsOn.ShouldBe(["promote-replica", "scale-compute"]);
        steps["scale-compute"].Description.ShouldBe("scale site dr's compute to full capacity (2 on-demand)");
        runbook.Reasons.ShouldContain("compute in dr goes from pilot to full capacity: 1/2/3");
    }

    [Fact]
    public void Build_WithoutDatabase_NoFenceOrPromoteSteps() =>
        FailoverRunbook.Build(Plan, "eu", "dr", Parts(database: false)).Steps.Select(s => s.Id)
            .ShouldBe(["fence-traffic", "scale-compute", "fence-compute", "switch-traffic", "verify", "notify"]);
}
