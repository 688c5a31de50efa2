using Pilotlight.Core.Runbooks;
using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Scenario 8: two controllers (two <c>pilotlight watch</c> processes) on the same lab when site a is lost.</summary>
public sealed class TwoControllers(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoWatchProcesses_SiteAKilled_ExactlyOneFailoverExecution()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: true, ct);
        var lab = chaos.Lab;
        await using var witnesses = Witnesses.Start(lab, output);
        await using var one = ControllerProcess.Start(lab, "controller-1");
        await using var two = ControllerProcess.Start(lab, "controller-2");
        string Both() => one.Transcript + "\n" + two.Transcript;
        try
        {
            foreach (var controller in new[] { one, two })
            {
                await controller.WaitForAsync(l => l.Kind == "ready" && l.Text.StartsWith("READY", StringComparison.Ordinal), $"{controller.Name} to find b ready", TimeSpan.FromSeconds(60), ct);
            }

            await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count >= 20, TimeSpan.FromSeconds(30), "orders acknowledged by a", witnesses.Story, ct);
            await lab.DisasterAsync("a", DisasterMode.Kill, ct);

            await Eventually.HoldsAsync(() => lab.Engine().History().Any(e => e.Outcome == ExecutionOutcome.Succeeded), TimeSpan.FromSeconds(60), "a succeeded failover", Both, ct);

            // Both have moved on to watching b: any second failover would have had to start before that.
            foreach (var controller in new[] { one, two })
            {
                await controller.WaitForAsync(l => l.Kind == "watch" && l.Text == "now watching site b", $"{controller.Name} to watch b", TimeSpan.FromSeconds(30), ct);
            }

            await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count(o => o.Site == "b") >= 20, TimeSpan.FromSeconds(30), "orders acknowledged by b through the entry", witnesses.Story, ct);
            await witnesses.StopAsync();
        }
        finally
        {
            output.WriteLine(Both());
        }

        var execution = lab.Engine().History().ShouldHaveSingleItem($"two controllers ran more than one execution:\n{Both()}");
        output.WriteLine(Witnesses.Steps(execution));
        execution.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        lab.State.ActiveSite.ShouldBe("b");
        (await witnesses.LostAsync(lab, ct)).ShouldBeEmpty("acknowledged orders missing on b after a synchronous failover");
        witnesses.AssertOldPrimaryTookNoWriteAfterItsFence(execution);
        witnesses.AssertEntryNeverRoutedToAWritableOldPrimary(execution);
    }
}
