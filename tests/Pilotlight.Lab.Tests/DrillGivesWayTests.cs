using Pilotlight.Core.Plans;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine;
using Pilotlight.Engine.Drills;
using Pilotlight.Processes;

namespace Pilotlight.Lab.Tests;

/// <summary>
/// A drill never stands between a lost site and its recovery. An isolated drill runs without the execution lock, so
/// the controller keeps watching; when site a is lost mid-drill the controller fails over at once and the drill is
/// cancelled, torn down and ends failed with the reason — finished, never left for anyone to resume. A live drill
/// holds the lock, so its hold watches the site serving it and gives way when that site is declared down.
/// </summary>
public sealed class DrillGivesWayTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task SiteLostDuringALongIsolatedDrill_TheControllerFailsOver_TheDrillIsCancelledTornDownAndFinished()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = LabFixture.Create(Path.Combine(Path.GetTempPath(), $"pilotlight-drill-failover-{Guid.NewGuid():N}"), LabFixture.FreeBasePort(), synchronous: false);
        try
        {
            await lab.UpAsync(null, ct);
            // About the drill giving way, not the RPO gate: a budget no busy machine's detection can exceed.
            var text = await File.ReadAllTextAsync(lab.Layout.PlanPath, ct);
            await File.WriteAllTextAsync(lab.Layout.PlanPath, text.Replace("rpo: 5s", "rpo: 60s", StringComparison.Ordinal).Replace("max_data_loss: 5s", "max_data_loss: 60s", StringComparison.Ordinal), ct);
            await using var controller = new ControllerRun(lab, ct);
            await controller.WaitForAsync(e => e.Kind == "ready" && e.Text.StartsWith("READY", StringComparison.Ordinal), "the controller to find b ready", TimeSpan.FromSeconds(30), ct);

            var engine = lab.Engine();
            var drill = Task.Run(() => engine.DrillAsync(new DrillRequest(DrillMode.Isolated, TimeSpan.FromMinutes(10)), null, ct), ct);
            await Poll.UntilAsync(_ => Task.FromResult(drill.IsCompleted || HoldStarted(engine)), TimeSpan.FromSeconds(90), "the isolated drill to reach its hold", ct);
            drill.IsCompleted.ShouldBeFalse(drill.IsFaulted ? drill.Exception!.GetBaseException().Message : "the drill ended before its hold");
            StateLock.IsHeld(engine.Layout.ExecutionLockPath).ShouldBeFalse("an isolated drill leaves the execution lock free");
            StateLock.IsHeld(engine.Layout.DrillLockPath).ShouldBeTrue("it holds the drill lock");

            await lab.DisasterAsync("a", DisasterMode.Kill, ct);
            await controller.WaitForAsync(e => e.Execution is not null, "the automatic failover", TimeSpan.FromSeconds(60), ct);
            var failover = controller.Events.First(e => e.Execution is not null).Execution!;
            failover.Outcome.ShouldBe(ExecutionOutcome.Succeeded, Failback.Steps(failover) + "\n" + controller.Transcript);
            failover.Kind.ShouldStartWith("failover");
            lab.State.ActiveSite.ShouldBe("b");

            var result = await drill.WaitAsync(TimeSpan.FromSeconds(60), ct);
            result.Outcome.ShouldBe(ExecutionOutcome.Failed, Failback.Steps(result));
            output.WriteLine(Failback.Steps(result));
            output.WriteLine(controller.Transcript);
            var cancelled = result.Steps.Where(s => s.Outcome == StepOutcome.Failed).ShouldHaveSingleItem();
            cancelled.Step.ShouldBe("hold", Failback.Steps(result));
            cancelled.Detail.ShouldNotBeNull().ShouldStartWith("cancelled: ");
            result.Steps.ShouldNotContain(s => s.Step == "verdict" && s.Outcome == StepOutcome.Succeeded);

            // Finished, so nobody resumes it; and nothing of it is left on b's host.
            engine.History().Single(h => h.Id == result.Id).Outcome.ShouldBe(ExecutionOutcome.Failed);
            controller.Events.ShouldNotContain(e => e.Text.Contains("resuming an interrupted execution", StringComparison.Ordinal), controller.Transcript);
            Directory.GetDirectories(Path.GetDirectoryName(lab.Layout.DatabaseDataDirectory("b"))!, "*drill*").ShouldBeEmpty();
            Ports.IsFree(lab.Layout.DrillDatabasePort("b")).ShouldBeTrue("the clone's server is stopped");
            foreach (var port in Enumerable.Range(lab.Layout.DrillInstanceBasePort("b"), LabLayout.InstancesPerSite))
            {
                Ports.IsFree(port).ShouldBeTrue($"isolated instance port {port}");
            }

            File.Exists(engine.Layout.DrillAbortPath).ShouldBeFalse();
            StateLock.IsHeld(engine.Layout.DrillLockPath).ShouldBeFalse();
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task ServingSiteLostDuringALiveDrillsHold_TheHoldGivesWay_NoSwitchoverBackIsTried_TheLocksAreFree()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = LabFixture.Create(Path.Combine(Path.GetTempPath(), $"pilotlight-drill-hold-{Guid.NewGuid():N}"), LabFixture.FreeBasePort(), synchronous: false);
        try
        {
            await lab.UpAsync(null, ct);
            var engine = lab.Engine();
            var drill = Task.Run(() => engine.DrillAsync(new DrillRequest(DrillMode.Live, TimeSpan.FromMinutes(10)), null, ct), ct);
            await Poll.UntilAsync(_ => Task.FromResult(drill.IsCompleted || HoldStarted(engine, "*drill-live*")), TimeSpan.FromSeconds(90), "the live drill to reach its hold", ct);
            drill.IsCompleted.ShouldBeFalse(drill.IsFaulted ? drill.Exception!.GetBaseException().Message : "the drill ended before its hold");
            lab.State.ActiveSite.ShouldBe("b", "the drill switched over to b");
            // Its evidence is written as it goes: an hour's hold is not lost with the process running it.
            var journalPath = Directory.GetFiles(engine.Layout.ExecutionsDirectory, "*drill-live*.jsonl").ShouldHaveSingleItem();
            Core.Evidence.EvidenceFile.Read(Core.Evidence.EvidenceFile.PathFor(journalPath)).ShouldNotBeNull("checkpointed during the hold").Probes.ShouldNotBeEmpty();

            // b serves the drill and is lost: the hold is the only one watching it.
            await lab.DisasterAsync("b", DisasterMode.Kill, ct);
            var result = await drill.WaitAsync(TimeSpan.FromSeconds(60), ct);
            output.WriteLine(Failback.Steps(result));

            result.Outcome.ShouldBe(ExecutionOutcome.Failed, Failback.Steps(result));
            var hold = result.Steps.Single(s => s.Step == "hold");
            hold.Outcome.ShouldBe(StepOutcome.Failed, Failback.Steps(result));
            hold.Detail.ShouldNotBeNull().ShouldContain("site b is down");
            hold.Detail.ShouldContain("during the hold: the drill stops here and leaves site b to the controller");
            result.Steps.ShouldNotContain(s => s.Step.StartsWith("back.", StringComparison.Ordinal), "no switchover back from a lost site is tried");
            engine.History().Single(h => h.Id == result.Id).Outcome.ShouldBe(ExecutionOutcome.Failed);
            StateLock.IsHeld(engine.Layout.ExecutionLockPath).ShouldBeFalse("the controller may act now");
            StateLock.IsHeld(engine.Layout.DrillLockPath).ShouldBeFalse();
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    private static bool HoldStarted(PlanEngine engine, string pattern = "*drill-isolated*") =>
        Directory.Exists(engine.Layout.ExecutionsDirectory)
        && Directory.EnumerateFiles(engine.Layout.ExecutionsDirectory, pattern + ".jsonl")
            .Any(p => new ExecutionJournal(p).Read().Any(e => e.Type == JournalEntry.StepStarted && e.Step == "hold"));
}
