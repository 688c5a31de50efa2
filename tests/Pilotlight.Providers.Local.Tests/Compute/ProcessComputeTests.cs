using System.Net;
using System.Net.Sockets;
using Pilotlight.Processes;
using Pilotlight.Providers.Local.Compute;

namespace Pilotlight.Providers.Local.Tests.Compute;

/// <summary>Real processes: each instance is python3's http.server answering /readyz and /healthz from a directory.</summary>
public sealed class ProcessComputeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"pilotlight-compute-{Guid.NewGuid():N}");
    private readonly ProcessCompute _compute;

    public ProcessComputeTests()
    {
        var site = Path.Combine(_directory, "www");
        Directory.CreateDirectory(site);
        File.WriteAllText(Path.Combine(site, "readyz"), "ready");
        File.WriteAllText(Path.Combine(site, "healthz"), "ok");
        _compute = new ProcessCompute(new ProcessComputeOptions
        {
            Site = "b",
            FileName = "/bin/sh",
            Arguments = ["-c", $"exec python3 -m http.server \"$PORT\" --bind 127.0.0.1 --directory '{site}'"],
            BasePort = FreeRange(3),
            MaxInstances = 3,
            StateDirectory = Path.Combine(_directory, "state"),
            LogDirectory = Path.Combine(_directory, "logs"),
        });
    }

    [Fact]
    public async Task Scale_UpTwiceDownToZero_IdempotentAndLeavesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _compute.ScaleAsync(2, timeout.Token);
        var first = await _compute.GetInstancesAsync(timeout.Token);
        first.Length.ShouldBe(2);
        first.ShouldAllBe(i => i.Running && i.Ready && i.Health == "ok");

        await _compute.ScaleAsync(2, timeout.Token);
        (await _compute.GetInstancesAsync(timeout.Token)).Select(i => i.Pid).ShouldBe(first.Select(i => i.Pid));

        await _compute.ScaleAsync(0, timeout.Token);
        _compute.RunningProcesses().ShouldBeEmpty();
        // Gone, or a zombie this test process (their parent) has not reaped yet: either way not running.
        first.Select(i => ProcessRecord.Of(i.Pid!.Value, "instance")?.IsAlive ?? false).ShouldAllBe(alive => !alive);
        first.ShouldAllBe(i => Ports.IsFree(i.Port));
        _compute.Desired.ShouldBe(0);
    }

    [Fact]
    public async Task Reconcile_KilledInstance_IsRestartedOnItsPort()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _compute.ScaleAsync(2, timeout.Token);
        var victim = _compute.RunningProcesses()[1];
        Signals.Send(victim, Signals.Kill).ShouldBeTrue();
        await Signals.WaitForExitAsync(victim, TimeSpan.FromSeconds(5), timeout.Token);

        (await _compute.ReconcileAsync(timeout.Token)).ShouldBe(1);

        await Poll.UntilAsync(async c => (await _compute.GetInstancesAsync(c)).Count(i => i.Ready) == 2, TimeSpan.FromSeconds(15), "the restarted instance to be ready", timeout.Token);
        (await _compute.ReconcileAsync(timeout.Token)).ShouldBe(0);
    }

    [Fact]
    public async Task Scale_BeyondMax_Refused() =>
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => _compute.ScaleAsync(4, CancellationToken.None));

    public void Dispose()
    {
        foreach (var process in _compute.RunningProcesses())
        {
            Signals.StopAsync(process, TimeSpan.FromSeconds(5), CancellationToken.None).GetAwaiter().GetResult();
        }

        Directory.Delete(_directory, recursive: true);
    }

    // A base port with `count` free ports after it, from the ephemeral range the kernel hands out.
    private static int FreeRange(int count)
    {
        while (true)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (port + count < 65535 && Enumerable.Range(port, count).All(Ports.IsFree))
            {
                return port;
            }
        }
    }
}
