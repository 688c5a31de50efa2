using Pilotlight.Core.Health;

namespace Pilotlight.Engine.Tests;

/// <summary>Which provider answers a plan's probe from each vantage point.</summary>
public sealed class ProbeRoutesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pilotlight-probe-routes-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AbsoluteUrl_RunAsWrittenFromTheEntryAndDirect_AnsweredByTheTrafficCheckersViaTraffic()
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "plan.yaml");
        File.WriteAllText(path, """
            version: 1
            name: routes
            objectives: { rto: 30s, rpo: 5s }
            sites:
              - { name: a, region: r-a, role: primary }
              - { name: b, region: r-b, role: standby }
            database: { provider: fake }
            compute:
              provider: fake
              a: { pilot: { min: 0, desired: 0, max: 2 }, full: { min: 1, desired: 2, max: 2 } }
              b: { pilot: { min: 0, desired: 0, max: 2 }, full: { min: 1, desired: 2, max: 2 } }
            traffic: { provider: fake }
            health:
              interval: 1s
              timeout: 500ms
              quorum: 2
              vantage_points: [ { name: public, via: entry }, { name: checkers, via: traffic }, { name: inside, via: direct } ]
              probes:
                - { name: site, type: http, url: "http://127.0.0.1:9/healthz" }
            """);
        var systems = new FakeSystems();
        var engine = PlanEngine.Open(path, systems.Registry());

        var probes = engine.Probes("b");

        probes.Keys.Order(StringComparer.Ordinal).ShouldBe(["checkers", "inside", "public"]);
        probes["public"].ShouldHaveSingleItem().ShouldBeOfType<HttpProbe>("an absolute URL is run as written through the entry");
        probes["inside"].ShouldHaveSingleItem().ShouldBeOfType<HttpProbe>("and directly");
        probes["checkers"].ShouldHaveSingleItem().Name.ShouldBe("site (traffic checkers)"); // the traffic provider's checkers report what they check, whatever the URL
    }
}
