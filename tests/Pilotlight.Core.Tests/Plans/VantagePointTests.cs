using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Tests.Plans;

/// <summary>The three routes a vantage point may take: through the entry, straight at the site, the traffic provider's own checkers.</summary>
public sealed class VantagePointTests
{
    [Fact]
    public void ViaTraffic_IsTheTrafficProvidersOwnCheckers()
    {
        var result = SamplePlans.Parse(SamplePlans.With(
            "  timeout: 2s\n",
            "  timeout: 2s\n  quorum: 2\n  vantage_points:\n    - { name: public, via: entry }\n    - { name: site, via: direct }\n    - { name: route53, via: traffic }\n"));

        result.Problems.ShouldBeEmpty();
        result.Plan.ShouldNotBeNull().Health.VantagePoints.ShouldBe(
            [new VantagePoint("public", VantageRoute.Entry), new VantagePoint("site", VantageRoute.Direct), new VantagePoint("route53", VantageRoute.Traffic)]);
    }

    [Fact]
    public void UnknownRoute_OneLineNamingTheThreeRoutes()
    {
        var result = SamplePlans.Parse(SamplePlans.With("  timeout: 2s\n", "  timeout: 2s\n  vantage_points:\n    - { name: outside, via: dns }\n"));

        result.Plan.ShouldBeNull();
        result.Problems.Select(p => p.ToString()).ShouldHaveSingleItem().ShouldContain("health.vantage_points[0].via: 'dns' is not allowed");
        result.Problems.Single().ToString().ShouldContain("expected one of entry, direct, traffic");
    }
}
