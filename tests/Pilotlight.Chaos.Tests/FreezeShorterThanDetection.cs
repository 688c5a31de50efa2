using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Scenario 2: site a frozen (SIGSTOP) for 1 s, shorter than the detection window (500 ms × 3), then continued.</summary>
public sealed class FreezeShorterThanDetection(ITestOutputHelper output)
{
    [Fact]
    public async Task SiteAFrozenForOneSecond_NoFailover_SiteAStaysActiveAndWritable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: false, ct);
        var lab = chaos.Lab;
        await using var witnesses = Witnesses.Start(lab, output);
        await using var controller = new ControllerRun(lab, output, ct);
        await controller.WaitUntilSteadyAsync(lab, ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count >= 20, TimeSpan.FromSeconds(30), "orders acknowledged by a", witnesses.Story, ct);

        var thawed = await Freezes.FreezeAsync(lab, TimeSpan.FromSeconds(1), output, ct);

        // The controller decides in the round that sees a site down: rounds after the freeze show it did not.
        await controller.WaitForRoundsAsync(thawed, 8, TimeSpan.FromSeconds(40), ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count(o => o.At > thawed && o.Site == "a") >= 10, TimeSpan.FromSeconds(30), "orders acknowledged by a after the freeze", witnesses.Story, ct);
        await witnesses.StopAsync();

        controller.Events.ShouldNotContain(e => e.Kind == "failover", controller.Transcript);
        lab.History().ShouldBeEmpty();
        lab.State.ActiveSite.ShouldBe("a");
        (await SplitBrainPoller.TryWriteAsync(lab, "a", SplitBrainPoller.Adversary, TimeSpan.FromSeconds(3))).Accepted.ShouldBeTrue("site a should still take writes after a short freeze");
        (await witnesses.LostAsync(lab, ct)).ShouldBeEmpty("acknowledged orders missing on a, which stayed the primary");
        witnesses.AssertEntryNeverRoutedToAWritableOldPrimary(null);
    }
}
