using Pilotlight.Core.Runbooks;
using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Scenario 4: site a cut off from the network (its own namespace's link down) while its processes run on, then healed. Root only.</summary>
public sealed class PartitionAndHeal(ITestOutputHelper output)
{
    [Fact]
    public async Task PartitionDetectedLate_SiteAPartitionedThenHealed_OneFailover_OldPrimaryFencedAfterTheHeal()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: true, ct, netns: true);
        var lab = chaos.Lab;
        await using var witnesses = Witnesses.Start(lab, output);
        await using var controller = new ControllerRun(lab, output, ct);
        await controller.WaitUntilSteadyAsync(lab, ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count >= 20 && witnesses.Direct.Acknowledged.Count >= 5, TimeSpan.FromSeconds(30), "orders acknowledged by a through the entry and directly", witnesses.Story, ct);

        await lab.DisasterAsync("a", DisasterMode.Partition, ct);
        await controller.WaitForAsync(e => e.Execution is not null, "the automatic failover to finish", TimeSpan.FromSeconds(60), ct);
        await lab.RecoverAsync("a", ct);
        var healed = DateTimeOffset.UtcNow;
        output.WriteLine($"site a healed at {healed:HH:mm:ss.fff}");

        await controller.WaitForRoundsAsync(healed, 6, TimeSpan.FromSeconds(30), ct);
        await Eventually.HoldsAsync(() => witnesses.Poller.Samples.Count(s => s.At > healed) >= 10 && witnesses.Entry.Acknowledged.Count(o => o.Site == "b") >= 20, TimeSpan.FromSeconds(30), "samples after the heal and orders acknowledged by b", witnesses.Story, ct);
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
