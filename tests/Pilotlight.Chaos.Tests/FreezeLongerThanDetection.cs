using Pilotlight.Core.Runbooks;
using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Scenario 3: site a frozen for 8 s — a region lost, then back still believing it is primary.</summary>
public sealed class FreezeLongerThanDetection(ITestOutputHelper output)
{
    [Fact]
    public async Task FrozenPrimaryDetectedLate_FenceDoesNotHold_SiteAFrozenForEightSeconds_OneFailover_OldPrimaryFencedAgainstEveryClientWhenItContinues()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: true, ct);
        var lab = chaos.Lab;
        await using var witnesses = Witnesses.Start(lab, output);
        await using var controller = new ControllerRun(lab, output, ct);
        await controller.WaitUntilSteadyAsync(lab, ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count >= 20 && witnesses.Direct.Acknowledged.Count >= 5, TimeSpan.FromSeconds(30), "orders acknowledged by a through the entry and directly", witnesses.Story, ct);

        var thawed = await Freezes.FreezeAsync(lab, TimeSpan.FromSeconds(8), output, ct);
        await controller.WaitForAsync(e => e.Execution is not null, "the automatic failover to finish", TimeSpan.FromSeconds(60), ct);

        // Site a's processes run again: give the returning old primary (and the controller) a few rounds, then check it is fenced.
        await controller.WaitForRoundsAsync(thawed, 6, TimeSpan.FromSeconds(30), ct);
        await Eventually.HoldsAsync(() => witnesses.Poller.Samples.Count(s => s.At > thawed) >= 10 && witnesses.Entry.Acknowledged.Count(o => o.Site == "b") >= 20, TimeSpan.FromSeconds(30), "samples after the freeze and orders acknowledged by b", witnesses.Story, ct);
        await OldPrimary.AssertFencedAsync(lab, "a", ct);
        await witnesses.StopAsync();

        var execution = controller.Events.Single(e => e.Execution is not null).Execution!;
        output.WriteLine(Witnesses.Steps(execution));
        execution.Outcome.ShouldBe(ExecutionOutcome.Succeeded, Witnesses.Steps(execution));
        controller.Events.Count(e => e.Kind == "failover" && e.Execution is null).ShouldBe(1, controller.Transcript);
        lab.Engine().History().ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        lab.State.ActiveSite.ShouldBe("b");
        (await witnesses.LostAsync(lab, ct)).ShouldBeEmpty("acknowledged orders missing on b after a synchronous failover");
        witnesses.AssertOldPrimaryTookNoWriteAfterItsFence(execution);
        witnesses.AssertEntryNeverRoutedToAWritableOldPrimary(execution);
    }
}
