using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Engine.Tests;

/// <summary>The controller's decisions, driven with fake providers and a fake clock: no process, no network.</summary>
public sealed class ControllerDecisionTests
{
    [Fact]
    public async Task SiteDown_PolicyAutomatic_ProofWithinMaxDataLoss_FailsOverThroughTheProviders()
    {
        await using var lab = new EngineHarness();
        lab.StartWatching();
        await lab.AdvanceUntilAsync(() => lab.Saw("ready", "READY: site b can take over"), "readiness");

        lab.Systems.Up["a"] = false;
        await lab.AdvanceUntilAsync(() => lab.Events.Any(e => e.Execution is not null), "a failover");

        var execution = lab.Events.Single(e => e.Execution is not null).Execution!;
        execution.Outcome.ShouldBe(ExecutionOutcome.Succeeded, lab.Transcript);
        execution.Target.ShouldBe(new ExecutionTarget("failover", "a", "b", lab.Engine.Fingerprint));
        lab.Saw("decision", "proceed: policy automatic").ShouldBeTrue(lab.Transcript);
        lab.Engine.Sites.Active.ShouldBe("b");
        lab.Engine.Sites.Fenced.ShouldBe(["a"]);
        lab.Systems.Roles["b"].ShouldBe(DatabaseRole.Primary);
        lab.Systems.Routed.ShouldBe("b");
        lab.Systems.Instances["b"].ShouldBe(2);
        var calls = lab.Systems.Calls.ToList();
        calls.IndexOf("fence-traffic a").ShouldBeLessThan(calls.IndexOf("promote b"));
        calls.IndexOf("promote b").ShouldBeLessThan(calls.IndexOf("switch b"));
        lab.Engine.History().ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Succeeded);
    }

    [Fact]
    public async Task SiteDown_PolicyApproval_WaitsForTheOperator_ThenFailsOver()
    {
        await using var lab = new EngineHarness(policy: "approval");
        lab.StartWatching();
        await lab.AdvanceUntilAsync(() => lab.Saw("ready", "READY"), "readiness");

        lab.Systems.Up["a"] = false;
        await lab.AdvanceUntilAsync(() => lab.Saw("approval", "waits for approval"), "an approval request");
        for (var i = 0; i < 12; i++)
        {
            lab.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }

        lab.Systems.Count("promote b").ShouldBe(0, "nothing happens before the operator answers");
        var request = lab.Engine.PendingApprovals().ShouldHaveSingleItem();
        request.Kind.ShouldBe("failover a->b");

        lab.Engine.Answer(null, approve: true);
        await lab.AdvanceUntilAsync(() => lab.Events.Any(e => e.Execution is not null), "the approved failover");

        lab.Saw("decision", "approved by an operator").ShouldBeTrue(lab.Transcript);
        lab.Engine.Sites.Active.ShouldBe("b");
        lab.Engine.PendingApprovals().ShouldBeEmpty();
    }

    [Fact]
    public async Task SiteDown_NoProofOfReplay_DataAtRiskUnknown_WaitsForApproval_NeverFailsOverAlone()
    {
        await using var lab = new EngineHarness();
        lab.Systems.Lag = null; // the standby never proves what it replayed
        lab.StartWatching();
        await lab.AdvanceUntilAsync(() => lab.Saw("ready", "NOT READY"), "readiness");

        lab.Systems.Up["a"] = false;
        await lab.AdvanceUntilAsync(() => lab.Saw("approval", "waits for approval"), "an approval request");

        lab.Saw("decision", "unknown").ShouldBeTrue(lab.Transcript);
        lab.Systems.Count("promote b").ShouldBe(0);
        lab.Engine.Sites.Active.ShouldBe("a");
    }

    [Fact]
    public async Task OldPrimaryReturnsWritable_IsFencedAgain_WithAnEvent()
    {
        await using var lab = new EngineHarness();
        lab.StartWatching();
        await lab.AdvanceUntilAsync(() => lab.Saw("ready", "READY"), "readiness");
        lab.Systems.Up["a"] = false;
        await lab.AdvanceUntilAsync(() => lab.Events.Any(e => e.Execution is not null), "a failover");
        var fencedBefore = lab.Systems.Count("fence-database a");

        // Site a comes back believing it is the primary (its fence could not be applied while it was lost).
        lab.Systems.DatabaseFenced["a"] = false;
        lab.Systems.Roles["a"] = DatabaseRole.Primary;
        lab.Systems.Up["a"] = true;
        await lab.AdvanceUntilAsync(() => lab.Saw("fence", "came back as a writable primary: fenced"), "the returning primary fenced");

        lab.Systems.Count("fence-database a").ShouldBeGreaterThan(fencedBefore);
        lab.Systems.Roles["a"].ShouldBe(DatabaseRole.Standby);
        lab.Systems.Routed.ShouldBe("b");
        lab.Engine.Sites.Fenced.ShouldBe(["a"]);
    }

    [Fact]
    public async Task TransientProviderError_IsReported_WatchingGoesOn_AndStillFailsOver()
    {
        await using var lab = new EngineHarness();
        lab.Systems.FailStatus = 3;
        lab.StartWatching();

        await lab.AdvanceUntilAsync(() => lab.Saw("error", "the fake database refused the question"), "the error reported");
        await lab.AdvanceUntilAsync(() => lab.Saw("ready", "READY"), "readiness after the error");
        lab.Systems.Up["a"] = false;
        await lab.AdvanceUntilAsync(() => lab.Events.Any(e => e.Execution is not null), "a failover");

        lab.Watch.IsCompleted.ShouldBeFalse();
        lab.Engine.Sites.Active.ShouldBe("b");
    }

    [Fact]
    public async Task BothSitesLost_StandbyUnreachable_BlockedOnce_NoExecution()
    {
        await using var lab = new EngineHarness();
        lab.StartWatching();
        await lab.AdvanceUntilAsync(() => lab.Saw("ready", "READY"), "readiness");

        lab.Systems.Up["b"] = false;
        lab.Systems.Up["a"] = false;
        await lab.AdvanceUntilAsync(() => lab.Saw("blocked", "cannot fail over"), "the refusal");
        for (var i = 0; i < 40; i++)
        {
            lab.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }

        lab.Events.Count(e => e.Kind == "blocked").ShouldBe(1, lab.Transcript);
        lab.Engine.History().ShouldBeEmpty();
    }

    [Fact]
    public async Task StopMarker_ControllerStopsWithOneLine()
    {
        await using var lab = new EngineHarness();
        lab.StartWatching();
        await lab.AdvanceUntilAsync(() => lab.Saw("watch", "watching site a"), "the controller started");

        File.WriteAllText(lab.Engine.Layout.StopMarkerPath, "down");
        await lab.AdvanceUntilAsync(() => lab.Watch.IsCompleted, "the controller to stop");

        (await Should.ThrowAsync<EngineException>(() => lab.Watch)).Message.ShouldContain("taken down on purpose");
    }
}
