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

    [Fact]
    public async Task AVantagePointNoProviderProbesFrom_BelowTheQuorum_IsAFailingReadinessCheckNamingIt()
    {
        // The fakes offer probes through the entry and by the traffic checkers, none straight at a site.
        await using var harness = new EngineHarness(vantagePoints: "[ { name: public, via: entry }, { name: inside, via: direct } ]", quorum: 2);

        var report = await harness.Engine.ReadinessAsync(CancellationToken.None);

        report.Ready.ShouldBeFalse();
        report.Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}")
            .ShouldBe(["detection: only 1 of 2 vantage points can probe site a, quorum 2: its loss could never be declared (no provider offers a probe from inside)"]);
    }

    [Fact]
    public async Task EveryVantagePointProbes_NoDetectionLine()
    {
        await using var harness = new EngineHarness(vantagePoints: "[ { name: public, via: entry }, { name: checkers, via: traffic } ]", quorum: 2);

        var report = await harness.Engine.ReadinessAsync(CancellationToken.None);

        report.Checks.Select(c => c.Name).ShouldNotContain("detection");
    }
}
