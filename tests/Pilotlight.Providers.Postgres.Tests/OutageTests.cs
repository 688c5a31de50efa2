using System.Diagnostics;
using Pilotlight.Core.Processes;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres.Tests;

/// <summary>Servers stopped and frozen: a pair of its own, since these tests break it.</summary>
public sealed class OutageTests(PostgresPair pair) : IClassFixture<PostgresPair>
{
    [Fact]
    public async Task FrozenThenStoppedServer_StatusUnreachablePromptly_AndStopLeavesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var standby = pair.Standby.Running.ShouldNotBeNull();

        Signals.SendGroup(standby, Signals.Stop).ShouldBeTrue();
        var clock = Stopwatch.StartNew();
        var frozen = await pair.Provider.GetStatusAsync("b", timeout.Token);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(6));
        frozen.Role.ShouldBe(DatabaseRole.Unreachable);
        frozen.Problem.ShouldNotBeNullOrEmpty();
        Signals.SendGroup(standby, Signals.Cont).ShouldBeTrue();

        await pair.Standby.StopAsync(timeout.Token);
        standby.IsAlive.ShouldBeFalse();
        Ports.IsFree(pair.Standby.Port).ShouldBeTrue();
        pair.Standby.Running.ShouldBeNull();
        var stopped = await pair.Provider.GetStatusAsync("b", timeout.Token);
        stopped.Role.ShouldBe(DatabaseRole.Unreachable);
        stopped.Problem!.ShouldStartWith($"port {pair.Standby.Port}: ");

        await pair.Standby.StopAsync(timeout.Token); // idempotent
    }
}
