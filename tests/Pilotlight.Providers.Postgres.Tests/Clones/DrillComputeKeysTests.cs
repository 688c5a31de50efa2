using Pilotlight.Core.Plans;
using Pilotlight.Providers.Local;

namespace Pilotlight.Providers.Postgres.Tests.Clones;

/// <summary>
/// The <c>process</c> compute block's isolated drill keys (<c>drill_base_port</c>, <c>drill_env</c>), read with the
/// shipped schemas in a whole plan (this project has every provider a plan needs); no process involved.
/// </summary>
public sealed class DrillComputeKeysTests
{
    [Fact]
    public void Read_DrillKeys_PerSiteOverTheTopLevel_DefaultPortFiftyAbove()
    {
        var result = Read("""
                drill_env: { SHOP_MODE: drill }
                a: { base_port: 8000, drill_base_port: 8100, drill_env: { SHOP_DATABASE: "Host={database_host};Port={database_port}" } }
                b: { base_port: 9000, drill_env: { SHOP_DATABASE: "Host={database_host};Port={database_port};Database=shop" } }
            """);

        result.Problems.Select(p => p.ToString()).ShouldBeEmpty();
        var settings = result.Plan!.Resource(ResourceKind.Compute)!.Settings.ShouldBeOfType<ProcessSettings>();
        settings.Ports["a"].DrillBasePort.ShouldBe(8100);
        settings.Ports["b"].DrillBasePort.ShouldBeNull("the provider then uses base_port + 50");
        settings.Ports["a"].DrillEnvironment["SHOP_MODE"].ShouldBe("drill");
        settings.Ports["b"].DrillEnvironment["SHOP_DATABASE"].ShouldBe("Host={database_host};Port={database_port};Database=shop");
    }

    [Theory]
    [InlineData("a: { base_port: 8000, drill_base_port: 9001 }\nb: { base_port: 9000 }", "compute.config.a.drill_base_port: 9001: 2 isolated drill ports from 9001 overlap site 'b''s own ports from 9000; expected a drill_base_port whose `instances` ports no site uses")]
    [InlineData("a: { base_port: 8000 }\nb: { base_port: 8051 }", "compute.config.a.base_port: the default drill_base_port (base_port + 50 = 8050): 2 isolated drill ports from 8050 overlap site 'b''s own ports from 8051")]
    [InlineData("a: { base_port: 8000, drill_base_port: 8001 }\nb: { base_port: 9000 }", "compute.config.a.drill_base_port: 8001: 2 isolated drill ports from 8001 overlap site 'a''s own ports from 8000")]
    [InlineData("a: { base_port: 8000, drill_base_port: 8500 }\nb: { base_port: 9000, drill_base_port: 8501 }", "compute.config.b.drill_base_port: 8501: 2 isolated drill ports from 8501 overlap site 'a''s drill ports from 8500")]
    [InlineData("a: { base_port: 8000, drill_base_port: 65535 }\nb: { base_port: 9000 }", "compute.config.a.drill_base_port: 65535 leaves no room for 2 isolated drill instances below port 65536")]
    [InlineData("a: { base_port: 8000, drill_env: { SHOP_DATABASE: \"Host=db;Port=5432\" } }\nb: { base_port: 9000 }", "compute.config.a.drill_env: uses no {database_port}: an isolated drill's instances would not be pointed at the clone")]
    public void Read_BadDrillKeys_OneProblem(string sites, string problem)
    {
        var result = Read(string.Join('\n', sites.Split('\n').Select(l => "    " + l)));

        result.Plan.ShouldBeNull();
        var problems = result.Problems.Select(p => p.ToString()).ToList();
        problems.Count.ShouldBe(1, string.Join("\n", problems));
        problems[0].ShouldContain(problem);
    }

    [Fact]
    public void Read_SameDrillPortsOnDifferentHosts_Allowed()
    {
        var result = Read("    a: { base_port: 8000, host: 10.0.0.1, drill_base_port: 8500 }\n    b: { base_port: 8010, host: 10.0.0.2, drill_base_port: 8500 }");

        result.Problems.Select(p => p.ToString()).ShouldBeEmpty();
    }

    private static PlanReadResult Read(string computeSites)
    {
        var plan = PlanBuiltProvider.Plan("    a: { port: 5432 }\n    b: { port: 5433 }")
            .Replace("""
                    command: dotnet
                    a: { base_port: 18000 }
                    b: { base_port: 19000 }
                """, "    command: dotnet\n" + computeSites + "\n", StringComparison.Ordinal);
        plan.ShouldContain(computeSites);
        return PlanFile.Parse(Path.Combine(Path.GetTempPath(), "plan.yaml"), plan, PlanBuiltProvider.Registry, TimeProvider.System);
    }
}
