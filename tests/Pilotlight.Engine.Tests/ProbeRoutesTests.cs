using Pilotlight.Core.Health;

namespace Pilotlight.Engine.Tests;

/// <summary>Which provider answers a plan's probe from each vantage point.</summary>
public sealed class ProbeRoutesTests
{
    [Fact]
    public async Task AbsoluteUrl_RunAsWrittenFromTheEntryAndDirect_AnsweredByTheTrafficCheckersViaTraffic()
    {
        await using var harness = new EngineHarness(
            vantagePoints: "[ { name: public, via: entry }, { name: checkers, via: traffic }, { name: inside, via: direct } ]",
            probes: "[ { name: site, type: http, url: \"http://127.0.0.1:9/healthz\" } ]");

        var probes = harness.Engine.Probes("b");

        probes.Keys.Order(StringComparer.Ordinal).ShouldBe(["checkers", "inside", "public"]);
        probes["public"].ShouldHaveSingleItem().ShouldBeOfType<HttpProbe>("an absolute URL is run as written through the entry");
        probes["inside"].ShouldHaveSingleItem().ShouldBeOfType<HttpProbe>("and directly");
        probes["checkers"].ShouldHaveSingleItem().Name.ShouldBe("site (traffic checkers)"); // the traffic provider's checkers report what they check, whatever the URL
    }
}
