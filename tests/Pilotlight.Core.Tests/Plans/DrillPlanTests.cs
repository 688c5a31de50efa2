using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Tests.Plans;

/// <summary>Issue 10: smoke checks and a drill's fault and load, as a plan declares them.</summary>
public sealed class DrillPlanTests
{
    private const string Drill = "    mode: live\n";

    [Fact]
    public void SmokeChecksAndADrillsFaultAndLoad_AreRead_WithDefaults()
    {
        var result = SamplePlans.Parse(SamplePlans.With(Drill, """
                mode: live
                fault: kill
                with_load: 200
            smoke_checks:
              - { name: health, path: /healthz }
              - { name: order, method: POST, path: /orders, body: '{"sku":"SKU-1","qty":1,"client_ref":"{ref}"}', expect_status: 201, body_contains: '"id"', timeout: 2s }

            """));

        result.Problems.ShouldBeEmpty();
        var plan = result.Plan.ShouldNotBeNull();
        var drill = plan.Drills.ShouldHaveSingleItem();
        drill.Fault.ShouldBe(DrillFault.Kill);
        drill.LoadRate.ShouldBe(200);
        plan.SmokeChecks.Length.ShouldBe(2);
        plan.SmokeChecks[0].ShouldBe(new SmokeCheck("health", "GET", "/healthz", null, 200, null, TimeSpan.FromSeconds(5)));
        plan.SmokeChecks[1].Method.ShouldBe("POST");
        plan.SmokeChecks[1].ExpectStatus.ShouldBe(201);
        plan.SmokeChecks[1].Timeout.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void ADrillWithoutAFault_SwitchesOver()
    {
        SamplePlans.Parse(SamplePlans.Valid).Plan.ShouldNotBeNull().Drills.ShouldHaveSingleItem().Fault.ShouldBe(DrillFault.Switchover);
    }

    [Theory]
    [InlineData("    mode: isolated\n    fault: kill\n", "drills[0].fault: an isolated drill loses no site, so it has no fault; expected no fault, or mode: live")]
    [InlineData("    mode: live\n    fault: crash\n", "drills[0].fault: 'crash' is not allowed; expected one of switchover, kill, stop, partition")]
    [InlineData("    mode: isolated\n    with_load: 10\n", "drills[0].with_load: an isolated drill leaves production untouched, and a load writes through the production entry; expected no with_load, or mode: live")]
    [InlineData("    mode: live\n    with_load: 0\n", "drills[0].with_load: 0 is out of range; expected a whole number from 1 to 100000")]
    [InlineData("    mode: live\nsmoke_checks:\n  - { name: health, path: healthz }\n", "smoke_checks[0].path: 'healthz' does not start with /; expected a path starting with /, such as /healthz")]
    [InlineData("    mode: live\nsmoke_checks:\n  - { name: health, path: /healthz, method: FETCH }\n", "smoke_checks[0].method: 'FETCH' is not allowed")]
    [InlineData("    mode: live\nsmoke_checks:\n  - { name: health, path: /a }\n  - { name: health, path: /b }\n", "smoke_checks[1].name: 'health' names another smoke check too; expected unique smoke check names")]
    [InlineData("    mode: live\nsmoke_checks:\n  - { name: health, path: /a, expect_status: 99 }\n", "smoke_checks[0].expect_status: 99 is out of range; expected a whole number from 100 to 599")]
    public void BadDrillsAndSmokeChecks_AreOneLineEach(string replace, string expected)
    {
        var result = SamplePlans.Parse(SamplePlans.With(Drill, replace));

        result.Plan.ShouldBeNull();
        result.Problems.ShouldHaveSingleItem().ToString().ShouldContain(expected);
    }
}
