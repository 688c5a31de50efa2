using System.Collections.Immutable;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Costs;

/// <summary>
/// Prices a plan three ways, from its per-site capacities, the instance types its providers name and a price table.
/// Pure: no I/O, no clock. Every model pays for the primary database and its replica; they differ in standby compute:
/// pilot light runs the standby at its pilot capacity (bought as the plan says, spot or on-demand), warm standby at its
/// full <c>min</c> (at least 1) on-demand, active-active at its full capacity like the primary.
/// </summary>
public static class CostCalculator
{
    public const string PilotLightDefinition = "primary site at full capacity, standby compute at its pilot capacity (spot where the plan says so), database replica always on";

    public const string WarmStandbyDefinition = "primary site at full capacity, standby compute at its full min (at least 1) on-demand, always on, database replica always on";

    public const string ActiveActiveDefinition = "both sites at full capacity, database replica always on";

    public static CostResult Estimate(Plan plan, CostInput input, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(prices);
        var missing = Missing(plan, input, prices);
        if (!missing.IsEmpty)
        {
            return new CostResult(null, missing);
        }

        var primary = plan.Primary.Name;
        var standby = plan.Standby.Name;
        var full = plan.Capacity[standby].Full;
        var warm = new Capacity(full.Min, Math.Max(full.Min, 1), full.Max, CapacityType.OnDemand);
        var databases = Databases(plan, input, prices);
        var primaryCompute = Compute(input, prices, primary, "compute full", plan.Capacity[primary].Full);
        return new CostResult(
            new CostEstimate(
                prices,
                new CostModel("pilot light", PilotLightDefinition, [primaryCompute, Compute(input, prices, standby, "compute pilot", plan.Capacity[standby].Pilot), .. databases]),
                new CostModel("warm standby", WarmStandbyDefinition, [primaryCompute, Compute(input, prices, standby, "compute warm", warm), .. databases]),
                new CostModel("active-active", ActiveActiveDefinition, [primaryCompute, Compute(input, prices, standby, "compute full", full), .. databases])),
            []);
    }

    private static ImmutableArray<string> Missing(Plan plan, CostInput input, PriceTable prices)
    {
        var missing = new List<string>();
        void Add(string what)
        {
            if (!missing.Contains(what))
            {
                missing.Add(what);
            }
        }

        foreach (var site in plan.Sites)
        {
            var priced = input.Sites[site.Name];
            var ec2 = prices.Ec2Price(priced.ComputeRegion, priced.InstanceType);
            if (ec2 is null)
            {
                Add($"{priced.InstanceType} in {priced.ComputeRegion}");
            }

            if (prices.DatabasePrice(input.Database, priced.DatabaseRegion, priced.DatabaseClass) is null)
            {
                Add($"{(input.Database == PricedDatabase.Aurora ? "Aurora " : "")}{priced.DatabaseClass} in {priced.DatabaseRegion}");
            }
        }

        return [.. missing];
    }

    private static CostLine Compute(CostInput input, PriceTable prices, string site, string what, Capacity capacity)
    {
        var priced = input.Sites[site];
        var price = prices.Ec2Price(priced.ComputeRegion, priced.InstanceType)!;
        var spot = capacity.Type == CapacityType.Spot;
        var hourly = spot ? price.Spot : price.OnDemand;
        var count = (capacity.Desired + priced.UnitsPerInstance - 1) / priced.UnitsPerInstance;
        var note = priced.UnitsPerInstance == 1 && priced.Unit == "instance"
            ? null
            : $"{capacity.Desired} {priced.Unit}{(capacity.Desired == 1 ? "" : "s")}, {priced.UnitsPerInstance} per instance";
        return Line(prices, site, what, count, $"{priced.InstanceType} {(spot ? "spot" : "on-demand")}", hourly, note);
    }

    private static ImmutableArray<CostLine> Databases(Plan plan, CostInput input, PriceTable prices) =>
    [
        .. new[] { (plan.Primary.Name, "database"), (plan.Standby.Name, "database replica") }.Select(d =>
        {
            var priced = input.Sites[d.Item1];
            var hourly = prices.DatabasePrice(input.Database, priced.DatabaseRegion, priced.DatabaseClass)!.Value;
            return Line(prices, d.Item1, d.Item2, 1, input.Database == PricedDatabase.Aurora ? $"Aurora {priced.DatabaseClass}" : priced.DatabaseClass, hourly, null);
        }),
    ];

    private static CostLine Line(PriceTable prices, string site, string what, int count, string item, decimal hourly, string? note) =>
        new(site, what, count, item, hourly, prices.HoursPerMonth, Math.Round(count * hourly * prices.HoursPerMonth, 2, MidpointRounding.AwayFromZero), note);
}
