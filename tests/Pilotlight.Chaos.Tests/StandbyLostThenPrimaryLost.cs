using Pilotlight.Core.Runbooks;
using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Scenario 6 (finding 4): the standby site lost, then the primary — there is nowhere to fail over to.</summary>
public sealed class StandbyLostThenPrimaryLost(ITestOutputHelper output)
{
    [Fact]
    public async Task BothSitesDeadRetriesWithoutEnd_SiteBKilledThenSiteA_NoExecutionClaimsSuccess_BlockedOnce_AttemptsStayBounded()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: false, ct);
        var lab = chaos.Lab;
        await using var witnesses = Witnesses.Start(lab, output);
        await using var controller = new ControllerRun(lab, output, ct);
        await controller.WaitUntilSteadyAsync(lab, ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count >= 20, TimeSpan.FromSeconds(30), "orders acknowledged by a", witnesses.Story, ct);

        await lab.DisasterAsync("b", DisasterMode.Kill, ct);
        await lab.DisasterAsync("a", DisasterMode.Kill, ct);
        await controller.WaitForAsync(e => e.Kind == "blocked", "the controller to say it cannot fail over", TimeSpan.FromSeconds(30), ct);

        // About 15 s more of watching (30 rounds of 500 ms): whatever it tries stays bounded and claims nothing.
        var blocked = controller.Events.First(e => e.Kind == "blocked").At;
        await controller.WaitForRoundsAsync(blocked, 30, TimeSpan.FromSeconds(60), ct);
        await witnesses.StopAsync();

        controller.Events.First(e => e.Kind == "blocked").Text.ShouldStartWith("cannot fail over: site b is unreachable", customMessage: controller.Transcript);
        var history = lab.Engine().History();
        output.WriteLine($"executions: {string.Join("; ", history.Select(Witnesses.Steps))}");
        history.ShouldNotContain(e => e.Outcome == ExecutionOutcome.Succeeded, "an execution claims success with both sites lost");
        history.Count.ShouldBeLessThanOrEqualTo(3, "failover attempts should stay bounded");
        controller.Events.Count(e => e.Kind == "failover" && e.Execution is null).ShouldBeLessThanOrEqualTo(3, controller.Transcript);
        controller.Events.ShouldNotContain(e => e.Execution != null && e.Execution.Outcome == ExecutionOutcome.Succeeded, controller.Transcript);
        lab.State.ActiveSite.ShouldBe("a");
        witnesses.AssertEntryNeverRoutedToAWritableOldPrimary(null);
    }
}
