using System.Collections.Immutable;
using Pilotlight.Core.Costs;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Costs;

/// <summary>The three models' arithmetic, from a plan's capacities and a price table; missing prices named, not guessed.</summary>
public sealed class CostCalculatorTests
{
    private static readonly PriceTable Prices = PriceTable.Parse("""
        {
          "source": "test", "date": "2025-01-15", "hours_per_month": 730,
          "ec2": {
            "eu-west-1": { "t3.medium": { "on_demand": 0.0456, "spot": 0.0137 } },
            "us-west-2": { "t3.medium": { "on_demand": 0.0416, "spot": 0.0125 } }
          },
          "rds": { "eu-west-1": { "db.r6g.large": 0.25 }, "us-west-2": { "db.r6g.large": 0.225 } },
          "aurora": { "us-west-2": { "db.r6g.large": 0.26 } }
        }
        """);

    private static Plan AwsPlan(string find = "shop", string replace = "shop")
    {
        var text = File.ReadAllText(SamplePlans.Example("aws.yaml")).Replace(find, replace, StringComparison.Ordinal);
        return PlanFile.Parse("aws.yaml", text, TestProviders.Registry, FixedClock.At2026).Plan.ShouldNotBeNull();
    }

    private static CostInput Input(string usType = "t3.medium", int perInstance = 1, string unit = "instance", PricedDatabase database = PricedDatabase.Rds) => new(
        ImmutableDictionary<string, CostSite>.Empty
            .Add("eu", new CostSite("eu-west-1", "t3.medium", "eu-west-1", "db.r6g.large") { UnitsPerInstance = perInstance, Unit = unit })
            .Add("us", new CostSite("us-west-2", usType, "us-west-2", "db.r6g.large") { UnitsPerInstance = perInstance, Unit = unit }),
        database);

    [Fact]
    public void Estimate_Seed001_EachModelLineByLine()
    {
        var estimate = CostCalculator.Estimate(AwsPlan(), Input(), Prices).Estimate.ShouldNotBeNull();

        estimate.PilotLight.Lines.Select(l => l.Text).ShouldBe(
        [
            "eu compute full: 2 × t3.medium on-demand ($0.0456/h) × 730 h = $66.58",
            "us compute pilot: 0 × t3.medium spot ($0.0125/h) × 730 h = $0.00",
            "eu database: 1 × db.r6g.large ($0.2500/h) × 730 h = $182.50",
            "us database replica: 1 × db.r6g.large ($0.2250/h) × 730 h = $164.25",
        ]);
        estimate.WarmStandby.Lines[1].Text.ShouldBe("us compute warm: 1 × t3.medium on-demand ($0.0416/h) × 730 h = $30.37");
        estimate.ActiveActive.Lines[1].Text.ShouldBe("us compute full: 2 × t3.medium on-demand ($0.0416/h) × 730 h = $60.74");
        estimate.PilotLight.Total.ShouldBe(413.33m);
        estimate.WarmStandby.Total.ShouldBe(443.70m);
        estimate.ActiveActive.Total.ShouldBe(474.07m);
        estimate.SavingPercent(estimate.WarmStandby).ShouldBe(6.8m);
        estimate.SavingPercent(estimate.ActiveActive).ShouldBe(12.8m);
    }

    [Fact]
    public void Estimate_WarmStandby_FullMinOnDemand()
    {
        var plan = AwsPlan("full: { min: 1, desired: 2, max: 3, type: on-demand }\n\n", "full: { min: 3, desired: 3, max: 3, type: on-demand }\n\n");

        var estimate = CostCalculator.Estimate(plan, Input(), Prices).Estimate.ShouldNotBeNull();

        estimate.WarmStandby.Lines[1].Text.ShouldBe("us compute warm: 3 × t3.medium on-demand ($0.0416/h) × 730 h = $91.10");
    }

    [Fact]
    public void Estimate_TasksPerInstance_RoundsInstancesUpAndSaysHow()
    {
        var plan = AwsPlan("pilot: { min: 0, desired: 0, max: 3, type: spot }\n    full: { min: 1, desired: 2, max: 3, type: on-demand }\n\n", "pilot: { min: 1, desired: 1, max: 3, type: spot }\n    full: { min: 1, desired: 3, max: 3, type: on-demand }\n\n");

        var estimate = CostCalculator.Estimate(plan, Input(perInstance: 2, unit: "task"), Prices).Estimate.ShouldNotBeNull();

        estimate.PilotLight.Lines[0].Text.ShouldBe("eu compute full: 1 × t3.medium on-demand ($0.0456/h) × 730 h = $33.29 (2 tasks, 2 per instance)");
        estimate.PilotLight.Lines[1].Text.ShouldBe("us compute pilot: 1 × t3.medium spot ($0.0125/h) × 730 h = $9.13 (1 task, 2 per instance)");
        estimate.ActiveActive.Lines[1].Text.ShouldBe("us compute full: 2 × t3.medium on-demand ($0.0416/h) × 730 h = $60.74 (3 tasks, 2 per instance)");
    }

    [Fact]
    public void Estimate_UnknownTypes_AllNamedAndNoEstimate()
    {
        var input = Input(usType: "t9.huge", database: PricedDatabase.Aurora);

        var result = CostCalculator.Estimate(AwsPlan(), input, Prices);

        result.Estimate.ShouldBeNull();
        result.MissingPrices.ShouldBe(["Aurora db.r6g.large in eu-west-1", "t9.huge in us-west-2"]);
        result.MissingLine(Prices).ShouldBe("no price for Aurora db.r6g.large in eu-west-1, t9.huge in us-west-2 (prices.json of 2025-01-15); add them");
    }

    [Fact]
    public void EmbeddedTable_IsDatedWithItsSourceAndPricesTheExamples()
    {
        var prices = PriceTable.Embedded();

        prices.Date.ShouldMatch(@"^\d{4}-\d{2}-\d{2}$");
        prices.Source.ShouldContain("aws.amazon.com");
        prices.Source.ShouldContain("not fetched by this build");
        prices.HoursPerMonth.ShouldBe(730);
        foreach (var region in new[] { "eu-west-1", "us-west-2" })
        {
            prices.Ec2Price(region, "t3.medium").ShouldNotBeNull();
            prices.Ec2Price(region, "m5.large").ShouldNotBeNull();
            prices.DatabasePrice(PricedDatabase.Rds, region, "db.r6g.large").ShouldNotBeNull();
        }
    }
}
