using System.Diagnostics;
using Pilotlight.Processes;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres.Tests;

/// <summary>Servers frozen and stopped: a pair of its own, which each test leaves running again.</summary>
public sealed class OutageTests(PostgresPair pair) : IClassFixture<PostgresPair>
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task FrozenStandby_StatusIsUnreachableWithinThreeSeconds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var standby = pair.Standby.Running.ShouldNotBeNull();
        Signals.SendGroup(standby, Signals.Stop).ShouldBeTrue();
        try
        {
            var clock = Stopwatch.StartNew();
            var status = await pair.Provider.GetStatusAsync("b", timeout.Token);
            clock.Elapsed.ShouldBeLessThan(Prompt);
            status.Role.ShouldBe(DatabaseRole.Unreachable);
            status.Problem.ShouldNotBeNullOrEmpty();
        }
        finally
        {
            Signals.SendGroup(standby, Signals.Cont);
        }

        await WaitStreamingAsync(timeout.Token);
    }

    [Fact]
    public async Task FrozenPrimary_IsUnreachable_AndStandbyStatusStillAnswersWithinThreeSeconds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var primary = pair.Primary.Running.ShouldNotBeNull();
        Signals.SendGroup(primary, Signals.Stop).ShouldBeTrue();
        try
        {
            var clock = Stopwatch.StartNew();
            var frozen = await pair.Provider.GetStatusAsync("a", timeout.Token);
            clock.Elapsed.ShouldBeLessThan(Prompt);
            frozen.Role.ShouldBe(DatabaseRole.Unreachable);

            clock.Restart();
            var standby = await pair.Provider.GetStatusAsync("b", timeout.Token);
            clock.Elapsed.ShouldBeLessThan(Prompt);
            standby.Role.ShouldBe(DatabaseRole.Standby);
            standby.LagBytes.ShouldBe(0, "all it received is replayed");
        }
        finally
        {
            Signals.SendGroup(primary, Signals.Cont);
        }

        await WaitStreamingAsync(timeout.Token);
    }

    [Fact]
    public async Task StoppedStandby_LeavesNoProcessAndAFreePort_ReadsUnreachable_AndStartsAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var standby = pair.Standby.Running.ShouldNotBeNull();

        await pair.Standby.StopAsync(timeout.Token);
        standby.IsAlive.ShouldBeFalse();
        ProcessesOf(standby.Pid).ShouldBeEmpty();
        Ports.IsFree(pair.Standby.Port).ShouldBeTrue();
        pair.Standby.Running.ShouldBeNull();
        var stopped = await pair.Provider.GetStatusAsync("b", timeout.Token);
        stopped.Role.ShouldBe(DatabaseRole.Unreachable);
        stopped.Problem.ShouldStartWith($"port {pair.Standby.Port}: ");

        await pair.Standby.StopAsync(timeout.Token); // idempotent

        var restarted = await pair.StartAsync(pair.Standby, timeout.Token);
        restarted.Pid.ShouldNotBe(standby.Pid);
        await WaitStreamingAsync(timeout.Token);
    }

    private async Task WaitStreamingAsync(CancellationToken cancellationToken) =>
        await Poll.UntilAsync(
            async ct => (await pair.Provider.GetStatusAsync("b", ct)) is { Role: DatabaseRole.Standby, Streaming: true },
            TimeSpan.FromSeconds(15),
            "the standby to stream again",
            cancellationToken);

    /// <summary>Processes in the group the server led (its children): none may outlive a stop.</summary>
    private static int[] ProcessesOf(int groupLeader) =>
        [.. System.IO.Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ProcessGroup(pid) == groupLeader)];

    private static int? ProcessGroup(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // A zombie has exited; it only waits for its parent (this test process, for the postmaster) to reap it.
            return fields[0] is "Z" or "X" ? null : int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
