using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Scenario 2: site a frozen (SIGSTOP) for 600 ms, shorter than the detection window (500 ms × 3) in every phase, then continued.</summary>
public sealed class FreezeShorterThanDetection(ITestOutputHelper output)
{
    [Fact]
    // Three failed rounds 500 ms apart fill 1 s plus the phase of the first one: only a freeze shorter than
    // (failure_threshold - 1) × interval, less the moments a continued site needs to answer again, is below the
    // detection window in every phase. A 1 s freeze is at its edge and fails over in some phases, as it should.
    public async Task SiteAFrozenShorterThanTheDetectionWindow_NoFailover_SiteAStaysActiveAndWritable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: false, ct);
        var lab = chaos.Lab;
        await using var witnesses = Witnesses.Start(lab, output);
        await using var controller = new ControllerRun(lab, output, ct);
        await controller.WaitUntilSteadyAsync(lab, ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count >= 20, TimeSpan.FromSeconds(30), "orders acknowledged by a", witnesses.Story, ct);

        var thawed = await Freezes.FreezeAsync(lab, TimeSpan.FromMilliseconds(600), output, ct);

        // The controller decides in the round that sees a site down: rounds after the freeze show it did not.
        await controller.WaitForRoundsAsync(thawed, 8, TimeSpan.FromSeconds(40), ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count(o => o.At > thawed && o.Site == "a") >= 10, TimeSpan.FromSeconds(30), "orders acknowledged by a after the freeze", witnesses.Story, ct);
        await witnesses.StopAsync();

        controller.Events.ShouldNotContain(e => e.Kind == "failover", controller.Transcript);
        lab.Engine().History().ShouldBeEmpty();
        lab.State.ActiveSite.ShouldBe("a");
        (await SplitBrainPoller.TryWriteAsync(lab, "a", SplitBrainPoller.Adversary, TimeSpan.FromSeconds(3))).Accepted.ShouldBeTrue("site a should still take writes after a short freeze");
        (await witnesses.LostAsync(lab, ct)).ShouldBeEmpty("acknowledged orders missing on a, which stayed the primary");
        witnesses.AssertEntryNeverRoutedToAWritableOldPrimary(null);
    }
}
