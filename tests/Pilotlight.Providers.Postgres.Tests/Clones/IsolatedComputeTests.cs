using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using Pilotlight.Processes;
using Pilotlight.Providers.Local.Compute;
using static Pilotlight.Providers.Postgres.Tests.Clones.CloneServers;
using static Pilotlight.Providers.Postgres.Tests.Switchover.SwitchoverFixture;

namespace Pilotlight.Providers.Postgres.Tests.Clones;

/// <summary>
/// The sample Shop as an isolated drill runs it: production's Shop on site a against the primary, a clone of the
/// standby b, and b's isolated instances on the drill ports against the clone — real servers, real processes.
/// </summary>
public sealed class IsolatedComputeTests(ITestOutputHelper output) : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly string _directory = PostgresPair.CreateDirectory(Path.Combine(Path.GetTempPath(), $"wt-isolated-compute-{Guid.NewGuid():N}"));
    private readonly List<ProcessCompute> _computes = [];

    [Fact]
    public async Task StartIsolated_ShopAgainstAClone_ServesOrdersOnTheDrillPorts_ProductionUntouched_StoppedByPid()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ports = DrillPorts.Next(3);
        await using var pair = await PasswordPair.StartAsync((ports, ports + 1));
        await using var servers = new CloneServers();
        var database = Provider(pair);

        // This machine's outgoing connections take ports from the same range: each group is chosen just before use.
        var computePorts = DrillPorts.Next(2);
        var sites = new Dictionary<string, ProcessCompute> { ["a"] = Compute("a", computePorts, pair.Primary.Port, drillBasePort: computePorts + 50) };
        var compute = new ProcessComputeProvider(sites);

        // Production: a's Shop creates its tables on the primary; a product the standby replays.
        await compute.ScaleAsync("a", 1, timeout.Token);
        var production = (await compute.GetInstancesAsync("a", timeout.Token)).ShouldHaveSingleItem();
        await ExecuteAsync(pair.Primary, "INSERT INTO products (sku, name, price_cents) VALUES ('SKU-1', 'drill', 100)", timeout.Token);
        await WaitCountAsync(pair.Standby, "SELECT count(*) FROM products WHERE sku = 'SKU-1'", 1, timeout.Token);

        servers.Track(pair.Standby.DataDir + ".drill-iso");
        var clock = Stopwatch.StartNew();
        var clone = await database.CloneAsync("b", "iso", ports + 2, timeout.Token);
        var cloned = clock.Elapsed;
        var drillPorts = DrillPorts.Next(2);
        sites["b"] = Compute("b", drillPorts + 100, pair.Standby.Port, drillBasePort: drillPorts);
        var instances = await compute.StartIsolatedAsync("b", "iso", 2, clone, timeout.Token);
        output.WriteLine($"clone made in {cloned.TotalSeconds:0.00}s, two isolated Shops ready {(clock.Elapsed - cloned).TotalSeconds:0.00}s later");

        instances.Select(i => i.Address).ShouldBe([$"127.0.0.1:{drillPorts}", $"127.0.0.1:{drillPorts + 1}"]);
        instances.ShouldAllBe(i => i.Ready && i.Running && i.Pid != null);
        foreach (var instance in instances)
        {
            using var health = await Http.GetAsync(new Uri($"http://{instance.Address}/healthz"), timeout.Token);
            ((int)health.StatusCode).ShouldBe(200, await health.Content.ReadAsStringAsync(timeout.Token));
        }

        using var placed = await Http.PostAsJsonAsync(new Uri($"http://{instances[1].Address}/orders"), new { sku = "SKU-1", qty = 2, client_ref = "isolated-drill-1" }, timeout.Token);
        placed.StatusCode.ShouldBe(HttpStatusCode.Created, await placed.Content.ReadAsStringAsync(timeout.Token));
        var order = JsonDocument.Parse(await placed.Content.ReadAsStringAsync(timeout.Token)).RootElement;
        order.GetProperty("site").GetString().ShouldBe("b");
        (await ScalarAsync<long>(Connection(clone.Port), "SELECT count(*) FROM orders WHERE client_ref = 'isolated-drill-1'", timeout.Token)).ShouldBe(1, "the order is on the clone");
        (await CountAsync(pair.Primary, "SELECT count(*) FROM orders WHERE client_ref = 'isolated-drill-1'", timeout.Token)).ShouldBe(0, "and not on the primary");
        (await CountAsync(pair.Standby, "SELECT count(*) FROM orders WHERE client_ref = 'isolated-drill-1'", timeout.Token)).ShouldBe(0, "nor on the standby");

        // The sites' own instances: a's the same process, still ready; b's (pilot light, none) still none.
        var after = (await compute.GetInstancesAsync("a", timeout.Token)).ShouldHaveSingleItem();
        after.Pid.ShouldBe(production.Pid);
        after.Ready.ShouldBeTrue();
        (await compute.GetInstancesAsync("b", timeout.Token)).ShouldBeEmpty("isolated instances are not the site's instances");
        (await compute.StartIsolatedAsync("b", "iso", 2, clone, timeout.Token)).Select(i => i.Pid).ShouldBe(instances.Select(i => i.Pid), "started again: the same processes");
        var other = await Should.ThrowAsync<InvalidOperationException>(() => compute.StartIsolatedAsync("b", "another", 1, clone, timeout.Token));
        other.Message.ShouldBe($"site b already runs isolated drill iso on ports from {drillPorts}; stop it first");

        var processes = _computes[1].IsolatedProcesses();
        processes.Count.ShouldBe(2);
        await compute.StopIsolatedAsync("b", "iso", timeout.Token);

        var alive = processes.Where(p => p.IsAlive).ToList();
        alive.ShouldBeEmpty($"stopped by PID, yet alive when StopIsolatedAsync returned: {string.Join(", ", alive)}");
        instances.ShouldAllBe(i => Ports.IsFree(i.Port));
        Directory.Exists(Path.Combine(_directory, "state", "b", "drill-iso")).ShouldBeFalse();
        await compute.StopIsolatedAsync("b", "iso", timeout.Token);
        (await compute.GetInstancesAsync("a", timeout.Token)).ShouldHaveSingleItem().Pid.ShouldBe(production.Pid);
        await database.DropCloneAsync("b", "iso", timeout.Token);
        await compute.ScaleAsync("a", 0, timeout.Token);
    }

    [Fact]
    public async Task StartIsolated_WithoutDrillEnv_RefusedInOneLine()
    {
        var compute = new ProcessComputeProvider(new Dictionary<string, ProcessCompute> { ["b"] = Compute("b", 28990, 28991, drillBasePort: 28992) });
        var site = new ProcessCompute(new ProcessComputeOptions
        {
            Site = "b",
            FileName = "/bin/false",
            BasePort = 28990,
            MaxInstances = 1,
            StateDirectory = Path.Combine(_directory, "bare"),
            LogDirectory = Path.Combine(_directory, "logs"),
        });
        var clone = new Core.Providers.DatabaseClone("b", "x", "127.0.0.1", 28993, "/nowhere");

        var refusal = await Should.ThrowAsync<InvalidOperationException>(() => site.StartIsolatedAsync("x", 1, clone, CancellationToken.None));
        var badName = await Should.ThrowAsync<ArgumentException>(() => compute.StartIsolatedAsync("b", "../x", 1, clone, CancellationToken.None));

        refusal.Message.ShouldStartWith("site b's compute has no drill_env: nothing would point isolated instances at the clone");
        refusal.Message.ShouldNotContain("\n");
        badName.Message.ShouldStartWith("isolated drill name '../x' is not valid");
        site.IsolatedProcesses().ShouldBeEmpty();
    }

    private ProcessCompute Compute(string site, int basePort, int databasePort, int drillBasePort)
    {
        var objects = Path.Combine(_directory, "objects", site);
        Directory.CreateDirectory(objects);
        File.WriteAllText(Path.Combine(objects, "README"), "objects");
        var compute = new ProcessCompute(new ProcessComputeOptions
        {
            Site = site,
            FileName = "dotnet",
            Arguments = [ShopAssembly],
            Environment = ImmutableDictionary<string, string>.Empty
                .Add("SHOP_SITE", site)
                .Add("SHOP_OBJECTS", objects)
                .Add("SHOP_DATABASE", $"Host=127.0.0.1;Port={databasePort};Username=postgres;Database=shop")
                .Add("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
                .Add("DOTNET_NOLOGO", "1"),
            PortVariable = "SHOP_PORT",
            BasePort = basePort,
            MaxInstances = 2,
            StateDirectory = Path.Combine(_directory, "state", site),
            LogDirectory = Path.Combine(_directory, "logs"),
            DrillBasePort = drillBasePort,
            DrillEnvironment = ImmutableDictionary<string, string>.Empty.Add("SHOP_DATABASE", "Host={database_host};Port={database_port};Username=postgres;Database=shop"),
            ReadyTimeout = TimeSpan.FromSeconds(60),
        });
        _computes.Add(compute);
        return compute;
    }

    private static string ShopAssembly
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var shop = Path.Combine(dir.FullName, "samples", "Shop", "bin", "Debug", "net10.0", "Shop.dll");
                if (File.Exists(Path.Combine(dir.FullName, "Pilotlight.slnx")))
                {
                    return File.Exists(shop) ? shop : throw new InvalidOperationException($"{shop} is missing; build samples/Shop first");
                }
            }

            throw new InvalidOperationException("Pilotlight.slnx not found above the test directory");
        }
    }

    public void Dispose()
    {
        foreach (var process in _computes.SelectMany(c => c.RunningProcesses().Concat(c.IsolatedProcesses())))
        {
            Signals.StopAsync(process, TimeSpan.FromSeconds(5), CancellationToken.None).GetAwaiter().GetResult();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
