using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab.Tests;

/// <summary>The plan lab up writes, read back with the shipped schemas; no running lab needed.</summary>
public sealed class LabPlanTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}");

    public LabPlanTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Render_DatabaseSites_NameTheLogBesideTheDataDirectory()
    {
        var lab = LabFixture.Create(_directory, LabFixture.FreeBasePort(), synchronous: false);
        File.WriteAllText(lab.Layout.PlanPath, LabPlan.Render(lab, lab.Layout, new LabOptions { StateDirectory = _directory, ShopAssembly = Repository.ShopAssembly, PilotlightCommand = ["dotnet", Repository.CliAssembly] }));

        var result = PlanFile.Read(lab.Layout.PlanPath, Cli.PlanProviders.Registry, TimeProvider.System);

        result.Problems.Select(p => p.ToString()).ShouldBeEmpty();
        var settings = result.Plan!.Resource(ResourceKind.Database)!.Settings.ShouldBeOfType<PostgresSettings>();
        foreach (var site in new[] { "a", "b" })
        {
            settings.Nodes[site].LogFile.ShouldBe(Path.Combine(lab.Layout.DatabaseDirectory(site), "postgres.log"));
            settings.Nodes[site].NetworkNamespace.ShouldBe(lab.NetworkNamespaceOf(site));
        }
    }
}
