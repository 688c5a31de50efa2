using System.Net;
using System.Net.Sockets;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Processes;

namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>A real HAProxy in front of real HTTP servers named after their site.</summary>
public sealed class HaproxyEntryTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"pilotlight-haproxy-{Guid.NewGuid():N}");
    private readonly List<NamedBackend> _backends = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private HaproxyEntry _entry = null!;
    private HaproxyOptions _options = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        foreach (var name in new[] { "a1", "a2", "b1", "b2" })
        {
            _backends.Add(new NamedBackend(name));
        }

        _options = new HaproxyOptions
        {
            Listen = new Endpoint("127.0.0.1", FreePort()),
            ConfigPath = Path.Combine(_directory, "haproxy.cfg"),
            AdminSocketPath = Path.Combine(_directory, "admin.sock"),
            LogPath = Path.Combine(_directory, "haproxy.log"),
            Servers = [.. _backends.Select(b => new HaproxyBackendServer(b.Name[..1], b.Name, "127.0.0.1", b.Port))],
            ActiveSite = "a",
        };
        _entry = new HaproxyEntry(_options);
        await _entry.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _entry.StopAsync(CancellationToken.None);
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    public void Dispose() => _http.Dispose();

    private Uri Entry => new($"http://127.0.0.1:{_options.Listen.Port}/");

    private async Task<string[]> ServedByAsync(int requests)
    {
        var names = new string[requests];
        for (var i = 0; i < requests; i++)
        {
            names[i] = await _http.GetStringAsync(Entry);
        }

        return names;
    }

    [Fact]
    public async Task Switch_ToBAndBack_RequestsFollowAndStatusSaysSo()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(async ct => (await _entry.GetStatusAsync(ct)).Servers.Count(s => s.OperationalState == "up") == 2, TimeSpan.FromSeconds(10), "site a's servers up", timeout.Token);
        (await ServedByAsync(10)).ShouldAllBe(name => name.StartsWith('a'));
        (await _entry.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("a");

        await _entry.SwitchAsync("b", timeout.Token);

        (await ServedByAsync(50)).ShouldAllBe(name => name.StartsWith('b'));
        var status = await _entry.GetStatusAsync(timeout.Token);
        status.ActiveSite.ShouldBe("b");
        status.Servers.Where(s => s.Site == "a").ShouldAllBe(s => s.AdminState == "maint");
        status.Servers.Where(s => s.Site == "b").ShouldAllBe(s => s.AdminState == "ready");

        await _entry.SwitchAsync("a", timeout.Token);
        (await ServedByAsync(50)).ShouldAllBe(name => name.StartsWith('a'));
        (await _entry.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("a");
    }

    [Fact]
    public async Task Restart_AfterSwitch_KeepsRouting_AndStartIsIdempotent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await _entry.StartAsync(timeout.Token);
        (await _entry.StartAsync(timeout.Token)).Pid.ShouldBe(first.Pid);
        await _entry.SwitchAsync("b", timeout.Token);

        await _entry.StopAsync(timeout.Token);
        first.IsAlive.ShouldBeFalse();
        Ports.IsFree(_options.Listen.Port).ShouldBeTrue();
        var second = await _entry.StartAsync(timeout.Token);

        second.Pid.ShouldNotBe(first.Pid);
        (await _entry.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("b");
        await Poll.UntilAsync(async ct => (await _entry.GetStatusAsync(ct)).Servers.Count(s => s.OperationalState == "up" && s.Site == "b") == 2, TimeSpan.FromSeconds(10), "site b's servers up", timeout.Token);
        (await ServedByAsync(20)).ShouldAllBe(name => name.StartsWith('b'));
    }

    [Fact]
    public async Task Start_PortTaken_OneClearError()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var other = new HaproxyEntry(_options with { Listen = new Endpoint("127.0.0.1", port), ConfigPath = Path.Combine(_directory, "other", "haproxy.cfg"), AdminSocketPath = Path.Combine(_directory, "other.sock") });

        var error = await Should.ThrowAsync<InvalidOperationException>(() => other.StartAsync(CancellationToken.None));

        error.Message.ShouldBe($"port {port} is in use by {File.ReadAllText("/proc/self/comm").Trim()} (pid {Environment.ProcessId}); the HAProxy entry cannot listen on it");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
