using Pilotlight.Processes;
using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Scenario 10: the traffic entry (HAProxy) killed — one vantage point loses site a, the other still sees it healthy.</summary>
public sealed class EntryKilled(ITestOutputHelper output)
{
    [Fact]
    public async Task HaproxyKilled_NoFailover_TheDirectVantagePointStillSeesSiteAHealthy()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: false, ct);
        var lab = chaos.Lab;
        await using var witnesses = Witnesses.Start(lab, output);
        await using var controller = new ControllerRun(lab, output, ct);
        await controller.WaitUntilSteadyAsync(lab, ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count >= 20, TimeSpan.FromSeconds(30), "orders acknowledged by a", witnesses.Story, ct);

        var haproxy = lab.Entry.Running.ShouldNotBeNull("the lab's entry should be running");
        var killed = DateTimeOffset.UtcNow;
        Signals.Send(haproxy, Signals.Kill).ShouldBeTrue();
        (await Signals.WaitForExitAsync(haproxy, TimeSpan.FromSeconds(10), ct)).ShouldBeTrue($"{haproxy} should exit on SIGKILL");

        await controller.WaitForAsync(e => e.Kind == "health" && e.Text.StartsWith("entry sees a down", StringComparison.Ordinal), "the entry vantage point to see a down", TimeSpan.FromSeconds(30), ct);
        await controller.WaitForRoundsAsync(killed, 12, TimeSpan.FromSeconds(40), ct);
        await Eventually.HoldsAsync(() => witnesses.Direct.Acknowledged.Count(o => o.Sent > killed) >= 5, TimeSpan.FromSeconds(30), "orders acknowledged straight by a's Shop after the entry was killed", witnesses.Story, ct);
        await witnesses.StopAsync();

        controller.Events.ShouldNotContain(e => e.Kind == "failover", controller.Transcript);
        controller.Events.ShouldNotContain(e => e.Kind == "health" && e.Text.StartsWith("direct sees a down", StringComparison.Ordinal), controller.Transcript);
        lab.Engine().History().ShouldBeEmpty();
        lab.State.ActiveSite.ShouldBe("a");
        (await SplitBrainPoller.TryWriteAsync(lab, "a", SplitBrainPoller.Adversary, TimeSpan.FromSeconds(3))).Accepted.ShouldBeTrue("site a should still take writes");
        (await witnesses.LostAsync(lab, ct)).ShouldBeEmpty("acknowledged orders missing on a, which stayed the primary");
        witnesses.AssertEntryNeverRoutedToAWritableOldPrimary(null);
    }
}
