using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;

namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>The provider a plan builds, driving a real HAProxy that Pilotlight did not start or configure.</summary>
public sealed class HaproxyTrafficTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Switch_AToB_RequestsReachBOnly_ConfigFileUnchanged(bool tcp)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var haproxy = await UserHaproxy.StartAsync(timeout.Token);
        var traffic = TrafficPlans.Build(haproxy.PlanConfig(tcp), haproxy.Directory);
        var config = await File.ReadAllBytesAsync(haproxy.ConfigPath, timeout.Token);
        (await haproxy.RequestsAsync(10, timeout.Token)).ShouldAllBe(site => site == "a");

        await traffic.SwitchAsync("b", timeout.Token);

        (await haproxy.RequestsAsync(40, timeout.Token)).ShouldAllBe(site => site == "b");
        var status = await traffic.GetStatusAsync(timeout.Token);
        status.ActiveSite.ShouldBe("b");
        status.Servers.Select(s => (s.Site, s.Name, s.AdminState)).ShouldBe([("a", "a1", "maint"), ("a", "a2", "maint"), ("b", "b1", "ready"), ("b", "b2", "ready")]);
        (await File.ReadAllBytesAsync(haproxy.ConfigPath, timeout.Token)).ShouldBe(config);
        File.Exists(haproxy.StateFilePath).ShouldBeFalse("the plan gives no server_state_file, so nothing is written");
    }

    [Fact]
    public async Task Fence_NoSiteRoutable_IsFencedTrue_ConfigFileUnchanged()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var haproxy = await UserHaproxy.StartAsync(timeout.Token);
        var traffic = TrafficPlans.Build(haproxy.PlanConfig(), haproxy.Directory);
        var config = await File.ReadAllBytesAsync(haproxy.ConfigPath, timeout.Token);
        (await traffic.IsFencedAsync("a", timeout.Token)).ShouldBeFalse();

        await traffic.FenceAsync("a", timeout.Token);
        await traffic.FenceAsync("a", timeout.Token);

        (await traffic.IsFencedAsync("a", timeout.Token)).ShouldBeTrue();
        (await traffic.IsFencedAsync("b", timeout.Token)).ShouldBeTrue("b's servers were disabled in the config and nothing put them in");
        (await haproxy.RequestsAsync(5, timeout.Token)).ShouldAllBe(answer => answer == "503");
        var status = await traffic.GetStatusAsync(timeout.Token);
        status.ActiveSite.ShouldBeNull();
        status.Servers.ShouldAllBe(s => s.AdminState == "maint");
        (await File.ReadAllBytesAsync(haproxy.ConfigPath, timeout.Token)).ShouldBe(config);
    }

    [Fact]
    public async Task Status_BeforeAnyChange_ReportsTheConfigsRouting()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var haproxy = await UserHaproxy.StartAsync(timeout.Token);
        var traffic = TrafficPlans.Build(haproxy.PlanConfig(tcp: true), haproxy.Directory);

        var status = await traffic.GetStatusAsync(timeout.Token);

        status.ActiveSite.ShouldBe("a");
        status.Servers.Select(s => (s.Site, s.Name, s.AdminState)).ShouldBe([("a", "a1", "ready"), ("a", "a2", "ready"), ("b", "b1", "maint"), ("b", "b2", "maint")]);
        status.Servers.ShouldAllBe(s => s.Address.StartsWith("127.0.0.1:"));
    }

    [Fact]
    public async Task ServerStateFile_WrittenAfterSwitch_RestartedHaproxyKeepsTheRouting()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await using var haproxy = await UserHaproxy.StartAsync(timeout.Token);
        var traffic = TrafficPlans.Build(haproxy.PlanConfig(extra: $"server_state_file: {haproxy.StateFilePath}"), haproxy.Directory);
        var config = await File.ReadAllBytesAsync(haproxy.ConfigPath, timeout.Token);

        await traffic.SwitchAsync("b", timeout.Token);
        (await File.ReadAllTextAsync(haproxy.StateFilePath, timeout.Token)).ShouldContain(" web ");
        await haproxy.StopProcessAsync(timeout.Token);
        await haproxy.StartProcessAsync(timeout.Token);

        (await traffic.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("b");
        (await haproxy.RequestsAsync(20, timeout.Token)).ShouldAllBe(site => site == "b");
        (await File.ReadAllBytesAsync(haproxy.ConfigPath, timeout.Token)).ShouldBe(config);

        await traffic.FenceAsync("b", timeout.Token);
        await haproxy.StopProcessAsync(timeout.Token);
        await haproxy.StartProcessAsync(timeout.Token);

        (await traffic.IsFencedAsync("a", timeout.Token)).ShouldBeTrue();
        (await traffic.IsFencedAsync("b", timeout.Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task MissingSocket_OneLineError_AndNotFenced()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var directory = Path.Combine(Path.GetTempPath(), $"pilotlight-nohaproxy-{Guid.NewGuid():N}");
        var socket = Path.Combine(directory, "admin.sock");
        // Building connects to nothing: HAProxy is not there, and only acting finds that out.
        var traffic = TrafficPlans.Build($"admin_socket: {socket}\nbackend: web\nlisten: 127.0.0.1:1\na: {{ servers: [a1] }}\nb: {{ servers: [b1] }}", directory);

        var error = await Should.ThrowAsync<IOException>(() => traffic.SwitchAsync("b", timeout.Token));

        error.Message.ShouldBe($"haproxy admin socket {socket}: not found (is HAProxy running with `stats socket {socket} level admin`?)");
        (await traffic.IsFencedAsync("a", timeout.Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task NothingOnTheAdminAddress_ConnectionRefused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var port = HaproxyLab.FreePort();
        var traffic = TrafficPlans.Build($"admin_address: 127.0.0.1:{port}\nlisten: 127.0.0.1:1\na: {{ servers: [a1] }}\nb: {{ servers: [b1] }}", Path.GetTempPath());

        var error = await Should.ThrowAsync<IOException>(() => traffic.GetStatusAsync(timeout.Token));

        error.Message.ShouldBe($"haproxy admin address 127.0.0.1:{port}: connection refused (is HAProxy running with `stats socket ipv4@127.0.0.1:{port} level admin`?)");
    }

    [Fact]
    public async Task WrongBackend_OneLineErrorNamingTheBackends()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var haproxy = await UserHaproxy.StartAsync(timeout.Token);
        var traffic = TrafficPlans.Build(haproxy.PlanConfig().Replace("backend: web", "backend: shop", StringComparison.Ordinal), haproxy.Directory);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => traffic.SwitchAsync("b", timeout.Token));

        error.Message.ShouldBe("haproxy has no backend 'shop' (backends: web)");
        (await traffic.IsFencedAsync("a", timeout.Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task ServerMissingFromTheBackend_OneLineError_NothingChanged()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var haproxy = await UserHaproxy.StartAsync(timeout.Token);
        var traffic = TrafficPlans.Build(haproxy.PlanConfig().Replace("[b1, b2]", "[b1, b3]", StringComparison.Ordinal), haproxy.Directory);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => traffic.SwitchAsync("b", timeout.Token));

        error.Message.ShouldBe("haproxy backend 'web' has no server 'b3' (servers: a1, a2, b1, b2)");
        (await haproxy.RequestsAsync(10, timeout.Token)).ShouldAllBe(site => site == "a");
    }

    [Fact]
    public async Task EntryProbes_HttpThroughTheEntryUrl_TcpAtItsPort_NoneForDirect()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var haproxy = await UserHaproxy.StartAsync(timeout.Token);
        var traffic = TrafficPlans.Build(haproxy.PlanConfig(), haproxy.Directory);
        var http = new HttpProbeSpec("shop", "/healthz", null, 200, "\"site\":\"a\"", TimeSpan.FromSeconds(10));

        var onA = await traffic.Probe("a", http, VantageRoute.Entry, TimeSpan.FromSeconds(10)).ShouldNotBeNull().RunAsync(timeout.Token);
        var wrongSite = await traffic.Probe("b", http with { BodyContains = "\"site\":\"b\"" }, VantageRoute.Entry, TimeSpan.FromSeconds(10))!.RunAsync(timeout.Token);
        var tcp = await traffic.Probe("a", new TcpProbeSpec("port", null), VantageRoute.Entry, TimeSpan.FromSeconds(10)).ShouldNotBeNull().RunAsync(timeout.Token);

        onA.Success.ShouldBeTrue(onA.Detail);
        wrongSite.Success.ShouldBeFalse();
        wrongSite.Detail.ShouldBe("body lacks '\"site\":\"b\"'");
        tcp.Success.ShouldBeTrue(tcp.Detail);
        tcp.Detail.ShouldBe($"connected to 127.0.0.1:{haproxy.Port}");
        traffic.Probe("a", http, VantageRoute.Direct, TimeSpan.FromSeconds(2)).ShouldBeNull();
        traffic.Probe("a", new TcpProbeSpec("db", new Core.Plans.Reading.Endpoint("127.0.0.1", 5432)), VantageRoute.Entry, TimeSpan.FromSeconds(2)).ShouldBeNull();
        traffic.Probe("a", new SqlProbeSpec("db", "select 1"), VantageRoute.Entry, TimeSpan.FromSeconds(2)).ShouldBeNull();
    }
}
