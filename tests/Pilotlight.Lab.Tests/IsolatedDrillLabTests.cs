using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Engine;
using Pilotlight.Processes;

namespace Pilotlight.Lab.Tests;

/// <summary>
/// The providers' half of an isolated drill on a real lab, built from the plan lab up writes: a clone of the
/// standby b on its drill_port, b's Shop on its drill ports against it, the entry and replication untouched; and
/// lab down stopping what a drill left running.
/// </summary>
public sealed class IsolatedDrillLabTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"wt-isolated-lab-{Guid.NewGuid():N}");
    private Lab _lab = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _lab = LabFixture.Create(_stateDirectory, LabFixture.FreeBasePort(), synchronous: false);
        await _lab.UpAsync(null, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _lab.DownAsync(purge: true, timeout.Token);
    }

    [Fact]
    public async Task IsolatedDrill_CloneAndShopOnSidePorts_EntryAndReplicationUntouched_LabDownStopsWhatItLeft()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var layout = _lab.Layout;
        var plan = PlanFile.Read(layout.PlanPath, Cli.PlanProviders.Registry, TimeProvider.System).Plan.ShouldNotBeNull();
        var providers = PlanProviders.Build(plan, Cli.PlanProviders.Registry, new ProviderBuildContext(plan, layout.StateDirectory, layout.StateDirectory, TimeProvider.System));
        var database = providers.Database.ShouldBeAssignableTo<IDatabaseClone>().ShouldNotBeNull();
        var compute = providers.Compute.ShouldBeAssignableTo<IIsolatedCompute>().ShouldNotBeNull();
        database.ClonePort("b").ShouldBe(layout.DrillDatabasePort("b"));

        var clone = await database.CloneAsync("b", "lab-drill", database.ClonePort("b")!.Value, timeout.Token);
        var instances = await compute.StartIsolatedAsync("b", "lab-drill", LabLayout.InstancesPerSite, clone, timeout.Token);

        instances.Select(i => i.Port).ShouldBe([layout.DrillInstanceBasePort("b"), layout.DrillInstanceBasePort("b") + 1]);
        using (var placed = await Http.PostAsJsonAsync(new Uri($"http://{instances[0].Address}/orders"), new { sku = "SKU-3", qty = 1, client_ref = "lab-isolated-1" }, timeout.Token))
        {
            ((int)placed.StatusCode).ShouldBe(201, await placed.Content.ReadAsStringAsync(timeout.Token));
        }

        (await CountAsync(clone.Port, "lab-isolated-1", timeout.Token)).ShouldBe(1);
        (await CountAsync(layout.DatabasePort("a"), "lab-isolated-1", timeout.Token)).ShouldBe(0, "the primary never sees a drill's order");
        (await CountAsync(layout.DatabasePort("b"), "lab-isolated-1", timeout.Token)).ShouldBe(0, "nor the standby");
        using (var entry = await Http.GetAsync(new Uri(layout.EntryUrl, "/healthz"), timeout.Token))
        {
            JsonDocument.Parse(await entry.Content.ReadAsStringAsync(timeout.Token)).RootElement.GetProperty("site").GetString().ShouldBe("a", "the entry still serves site a");
        }

        var status = await providers.Database!.GetStatusAsync("b", timeout.Token);
        status.Role.ShouldBe(DatabaseRole.Standby);
        status.Streaming.ShouldBeTrue("the standby streams through the drill");
        (await providers.Compute.GetInstancesAsync("b", timeout.Token)).ShouldBeEmpty("b stays on pilot light");
        var clonePostmaster = int.Parse(File.ReadLines(Path.Combine(clone.DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

        // The drill's teardown never ran: lab down stops its instances and its clone by PID.
        await _lab.DownAsync(purge: false, timeout.Token);

        instances.ShouldAllBe(i => ProcessRecord.Of(i.Pid!.Value, "drill instance") == null || !ProcessRecord.Of(i.Pid!.Value, "drill instance")!.IsAlive);
        (ProcessRecord.Of(clonePostmaster, "clone")?.IsAlive ?? false).ShouldBeFalse("the clone's server is stopped");
        Ports.IsFree(clone.Port).ShouldBeTrue();
        instances.ShouldAllBe(i => Ports.IsFree(i.Port));
    }

    private static async Task<long> CountAsync(int port, string clientRef, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=shop;Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orders WHERE client_ref = $1", connection) { Parameters = { new() { Value = clientRef } } };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
