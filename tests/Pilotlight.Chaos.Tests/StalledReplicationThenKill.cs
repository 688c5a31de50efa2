using System.Text.RegularExpressions;
using Pilotlight.Core.Durations;
using Pilotlight.Processes;
using Pilotlight.Core.Runbooks;
using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>
/// Scenario 5 (finding 1): asynchronous replication stalled (a's walsender frozen) for longer than max_data_loss,
/// then site a killed — the data at risk must not read as small just because the standby cannot see what it missed.
/// </summary>
public sealed partial class StalledReplicationThenKill(ITestOutputHelper output)
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task RpoGateBlindOncePrimaryDead_WalsenderFrozenBeyondMaxDataLoss_ThenSiteAKilled_ApprovalStatesTheLoss_AndEveryLostWriteIsWithinIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: false, ct);
        var lab = chaos.Lab;
        await chaos.EditPlanAsync("max_data_loss: 60s", "max_data_loss: 2s", ct);
        await using var witnesses = Witnesses.Start(lab, output);
        await using var controller = new ControllerRun(lab, output, ct);
        await controller.WaitUntilSteadyAsync(lab, ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count >= 20, TimeSpan.FromSeconds(30), "orders acknowledged by a", witnesses.Story, ct);

        var walsender = lab.Database("a").ServerProcesses().SingleOrDefault(p => CommandLine(p.Pid).Contains("walsender", StringComparison.Ordinal));
        walsender.ShouldNotBeNull($"site a's postmaster should have a walsender child: {string.Join(", ", lab.Database("a").ServerProcesses().Select(p => $"{p.Pid} {CommandLine(p.Pid)}"))}");
        chaos.Track(walsender);
        Signals.Send(walsender, Signals.Stop).ShouldBeTrue();
        var stalled = DateTimeOffset.UtcNow;
        await Task.Delay(Stall, ct); // the stall is the disaster, not an assertion
        var killed = DateTimeOffset.UtcNow;
        await lab.DisasterAsync("a", DisasterMode.Kill, ct);
        output.WriteLine($"walsender {walsender.Pid} frozen {stalled:HH:mm:ss.fff}, site a killed {killed:HH:mm:ss.fff} (stall {(killed - stalled).TotalMilliseconds:0} ms)");

        await controller.WaitForAsync(e => e.Kind == "approval", "the request for approval", TimeSpan.FromSeconds(30), ct);
        controller.Events.ShouldNotContain(e => e.Kind == "failover", controller.Transcript);
        var approval = controller.Events.First(e => e.Kind == "approval").Text;
        var stated = EstimateText().Match(approval);
        stated.Success.ShouldBeTrue($"the approval should state the estimated data loss and how it was obtained: {approval}");
        DurationText.TryParse(stated.Groups["loss"].Value, out var estimate, out var problem).ShouldBeTrue(problem);
        estimate.ShouldBeGreaterThanOrEqualTo(killed - stalled, $"the estimate must cover the whole stall: {approval}");
        stated.Groups["how"].Value.ShouldContain("last proof that b had replayed a's commits", customMessage: approval);

        lab.Engine().Answer(null, approve: true);
        await controller.WaitForAsync(e => e.Execution is not null, "the approved failover to finish", TimeSpan.FromSeconds(60), ct);
        await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count(o => o.Site == "b") >= 20, TimeSpan.FromSeconds(30), "orders acknowledged by b through the entry", witnesses.Story, ct);
        await witnesses.StopAsync();

        var execution = controller.Events.Single(e => e.Execution is not null).Execution!;
        output.WriteLine(Witnesses.Steps(execution));
        execution.Outcome.ShouldBe(ExecutionOutcome.Succeeded, Witnesses.Steps(execution));
        lab.Engine().History().ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        var lost = await witnesses.LostAsync(lab, ct);
        output.WriteLine($"estimate {estimate.TotalMilliseconds:0} ms; {lost.Count} acknowledged orders lost{(lost.Count > 0 ? $", acknowledged {lost[0].Acknowledged:HH:mm:ss.fff} to {lost[^1].Acknowledged:HH:mm:ss.fff}" : "")}");
        lost.ShouldNotBeEmpty("a stalled walsender under load should expose acknowledged writes that b never received — else this scenario proves nothing");
        var earliest = killed - estimate;
        lost.Where(o => o.Acknowledged < earliest).ShouldBeEmpty($"writes acknowledged before kill − estimate ({earliest:HH:mm:ss.fff}) were lost: the estimate was too low");
        witnesses.AssertOldPrimaryTookNoWriteAfterItsFence(execution);
        witnesses.AssertEntryNeverRoutedToAWritableOldPrimary(execution);
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"estimated data loss (?<loss>\S+) \((?<how>[^)]*)\)")]
    private static partial Regex EstimateText();
}
