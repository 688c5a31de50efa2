using System.Net;
using System.Net.Sockets;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Processes;

namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>Starting, restarting and stopping a real HAProxy by PID.</summary>
public sealed class HaproxyEntryLifecycleTests
{
    [Fact]
    public async Task Start_Twice_SameProcess()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);
        var first = lab.Entry.Running.ShouldNotBeNull();

        var second = await lab.Entry.StartAsync(timeout.Token);

        second.ShouldBe(first);
        new HaproxyEntry(lab.Options).Running.ShouldBe(first, "another entry object finds the process by its record");
    }

    [Fact]
    public async Task Restart_AfterSwitch_KeepsRouting()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);
        var first = lab.Entry.Running.ShouldNotBeNull();
        await lab.Entry.SwitchAsync("b", timeout.Token);
        first.IsAlive.ShouldBeTrue("a switch neither reloads nor restarts");

        await lab.Entry.StopAsync(timeout.Token);
        var second = await lab.Entry.StartAsync(timeout.Token);

        second.Pid.ShouldNotBe(first.Pid);
        (await lab.Entry.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("b");
        (await lab.RequestsAsync(20, timeout.Token)).ShouldAllBe(name => name.StartsWith('b'));
    }

    [Fact]
    public async Task Stop_LeavesNoProcessAndAFreePort()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);
        var running = lab.Entry.Running.ShouldNotBeNull();

        await lab.Entry.StopAsync(timeout.Token);
        await lab.Entry.StopAsync(timeout.Token);

        running.IsAlive.ShouldBeFalse();
        // HAProxy is the test host's own child here: its exit leaves a zombie until the runtime reaps it.
        await Poll.UntilAsync(_ => Task.FromResult(!Directory.Exists($"/proc/{running.Pid}")), TimeSpan.FromSeconds(5), $"pid {running.Pid} reaped", timeout.Token);
        lab.Entry.Running.ShouldBeNull();
        Ports.IsFree(lab.Options.Listen.Port).ShouldBeTrue();
    }

    [Fact]
    public async Task Start_PortTaken_OneClearLineNamingPortAndOwner()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var directory = Path.Combine(Path.GetTempPath(), $"pilotlight-haproxy-{Guid.NewGuid():N}");
        try
        {
            var entry = new HaproxyEntry(Options(directory, port, serverPort: 1));

            var error = await Should.ThrowAsync<InvalidOperationException>(() => entry.StartAsync(CancellationToken.None));

            var self = $"{File.ReadAllText("/proc/self/comm").Trim()} (pid {Environment.ProcessId})";
            error.Message.ShouldBe($"port {port} is in use by {self}; the HAProxy entry cannot listen on 127.0.0.1:{port}");
            entry.Running.ShouldBeNull();
        }
        finally
        {
            DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Start_ConfigHaproxyRejects_OneLineWithItsReasonAndNothingStarted()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"pilotlight-haproxy-{Guid.NewGuid():N}");
        try
        {
            var options = Options(directory, HaproxyLab.FreePort(), serverPort: 70000);
            var entry = new HaproxyEntry(options);

            var error = await Should.ThrowAsync<InvalidOperationException>(() => entry.StartAsync(CancellationToken.None));

            error.Message.ShouldStartWith($"haproxy rejects {options.ConfigPath}: ");
            error.Message.ShouldContain("invalid port '70000'");
            error.Message.ShouldNotContain('\n');
            entry.Running.ShouldBeNull();
        }
        finally
        {
            DeleteDirectory(directory);
        }
    }

    [Fact]
    public void Options_ListenNotLoopback_Refused()
    {
        var options = Options("/tmp/unused", 80, serverPort: 1) with { Listen = new Endpoint("0.0.0.0", 8080) };

        Should.Throw<ArgumentException>(() => new HaproxyEntry(options)).Message.ShouldContain("loopback");
    }

    private static HaproxyOptions Options(string directory, int port, int serverPort) => new()
    {
        Listen = new Endpoint("127.0.0.1", port),
        ConfigPath = Path.Combine(directory, "haproxy.cfg"),
        AdminSocketPath = Path.Combine(directory, "admin.sock"),
        LogPath = Path.Combine(directory, "haproxy.log"),
        Servers = [new HaproxyBackendServer("a", "a1", "127.0.0.1", serverPort), new HaproxyBackendServer("b", "b1", "127.0.0.1", serverPort)],
        ActiveSite = "a",
    };

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
