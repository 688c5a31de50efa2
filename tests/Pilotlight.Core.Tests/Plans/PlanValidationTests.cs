namespace Pilotlight.Core.Tests.Plans;

public sealed class PlanValidationTests
{
    [Fact]
    public void Parse_ValidSample_HasNoProblemAndReadsEveryPart()
    {
        var result = SamplePlans.Parse(SamplePlans.Valid);

        result.Problems.ShouldBeEmpty();
        var plan = result.Plan.ShouldNotBeNull();
        plan.Name.ShouldBe("shop");
        plan.Objectives.Rto.ShouldBe(TimeSpan.FromMinutes(30));
        plan.Primary.Name.ShouldBe("eu");
        plan.Standby.Region.ShouldBe("us-west-2");
        plan.Capacity["dr"].Full.Desired.ShouldBe(2);
        plan.Health.Quorum.ShouldBe(1);
        plan.Drills.ShouldHaveSingleItem().Schedule.NextAfter(FixedClock.At2026.GetUtcNow())
            .ShouldBe(new DateTimeOffset(2026, 12, 7, 0, 5, 0, TimeSpan.Zero));
    }

    [Theory]
    [MemberData(nameof(BadPlanCases.All), MemberType = typeof(BadPlanCases))]
    public void Parse_BadPlan_ReportsExactProblems(string name, string find, string replace, string[] expected)
    {
        var result = SamplePlans.Parse(SamplePlans.With(find, replace));

        result.Plan.ShouldBeNull(name);
        result.Problems.Select(p => p.ToString()).ToArray().ShouldBe(expected, name);
    }
}
