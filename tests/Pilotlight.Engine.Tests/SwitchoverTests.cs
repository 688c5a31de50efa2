using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Core.State;

namespace Pilotlight.Engine.Tests;

/// <summary>
/// The planned switchover and the failback on fake systems: what the engine does and in which order, the refusals
/// that change nothing, the state it keeps (site state, demotion token, divergence summary), and resumption after
/// a crash between any two steps.
/// </summary>
public sealed class SwitchoverTests
{
    [Fact]
    public async Task Switchover_BothHealthy_WritesFencedBeforeDemotionPromotedOnlyAfterReplay_AndRolesSwapped()
    {
        await using var lab = new EngineHarness();

        var result = await lab.Engine.SwitchoverAsync("b", null, CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded, string.Join("\n", result.Steps.Select(s => $"{s.Step} {s.Outcome} {s.Detail}")));
        result.Kind.ShouldBe("switchover a->b");
        var calls = lab.Systems.Calls.ToList();
        calls.IndexOf("scale b 2").ShouldBeLessThan(calls.IndexOf("fence-traffic a"));
        calls.IndexOf("fence-traffic a").ShouldBeLessThan(calls.IndexOf("demote a"));
        calls.IndexOf("demote a").ShouldBeLessThan(calls.IndexOf("promote b"));
        calls.IndexOf("promote b").ShouldBeLessThan(calls.IndexOf("switch b"));
        calls.ShouldContain("rebuild a from b");
        calls.ShouldContain("scale a 0");
        calls.ShouldNotContain("compare a b", "a plain switchover does not compare tables: the token proves the standby has everything");
        lab.Engine.Sites.Active.ShouldBe("b");
        lab.Engine.Sites.Fenced.ShouldBeEmpty();
        lab.Systems.Routed.ShouldBe("b");
        lab.Systems.StreamsFrom["a"].ShouldBe("b");
        result.Steps.Single(s => s.Step == "attach-old-primary").Detail.ShouldNotBeNull().ShouldStartWith(StandbyRebuild.Attached);
    }

    [Fact]
    public async Task Switchover_StandbyNotStreaming_RefusedNothingChanged()
    {
        await using var lab = new EngineHarness();
        lab.Systems.StreamsFrom.TryRemove("b", out _);

        var e = await Should.ThrowAsync<EngineException>(() => lab.WhileTimePassesAsync(() => lab.Engine.SwitchoverAsync("b", null, CancellationToken.None)));

        e.Message.ShouldContain("switchover a->b refused, nothing was changed");
        e.Message.ShouldContain("site b's database is not a standby streaming from site a");
        lab.Systems.Calls.ShouldBeEmpty();
        lab.Engine.History().ShouldBeEmpty();
    }

    [Fact]
    public async Task Switchover_ToTheActiveSiteOrAnUnknownOne_Refused()
    {
        await using var lab = new EngineHarness();

        (await Should.ThrowAsync<EngineException>(() => lab.Engine.SwitchoverAsync("a", null, CancellationToken.None))).Message.ShouldContain("site a is already the active site");
        (await Should.ThrowAsync<EngineException>(() => lab.Engine.SwitchoverAsync("c", null, CancellationToken.None))).Message.ShouldContain("--to c: not a site of the plan (a, b)");
        lab.Systems.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Failback_AfterFailover_CapturesBeforeRebuildComparesWhileFencedAndReturnsToPilotLight()
    {
        await using var lab = new EngineHarness();
        (await lab.Engine.FailoverAsync(null, CancellationToken.None)).Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        lab.Clock.Advance(TimeSpan.FromMinutes(1));
        lab.Systems.Divergence = new DivergenceReport("0/3000148", [new DivergedTable("public.orders", 3, 1, 0, 1)], ["public.orders: 1 row deleted after the fork; the WAL does not hold its content"]) { Transactions = 4 };
        lab.Systems.Calls.Clear();

        var result = await lab.Engine.FailbackAsync(null, CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded, string.Join("\n", result.Steps.Select(s => $"{s.Step} {s.Outcome} {s.Detail}")));
        result.Kind.ShouldBe("failback b->a");
        var calls = lab.Systems.Calls.ToList();
        calls.IndexOf("capture a against b").ShouldBeLessThan(calls.IndexOf("rebuild a from b"));
        calls.IndexOf("fence-traffic b").ShouldBeLessThan(calls.IndexOf("compare b a"));
        calls.IndexOf("compare b a").ShouldBeLessThan(calls.IndexOf("demote b"));
        calls.IndexOf("demote b").ShouldBeLessThan(calls.IndexOf("promote a"));
        calls.ShouldContain("scale b 0");
        lab.Engine.Sites.Active.ShouldBe("a");
        lab.Engine.Sites.Fenced.ShouldBeEmpty();
        lab.Systems.Routed.ShouldBe("a");
        lab.Systems.StreamsFrom["b"].ShouldBe("a");
        var capture = result.Steps.Single(s => s.Step == "capture-divergence").Detail.ShouldNotBeNull();
        capture.ShouldContain("4 rows in 4 transactions");
        capture.ShouldContain("NOT captured: public.orders: 1 row deleted");
        File.Exists(Path.Combine(lab.Engine.Layout.ExecutionsDirectory, $"divergence-{result.Id}.sql")).ShouldBeTrue();
        File.Exists(Path.Combine(lab.Engine.Layout.ExecutionsDirectory, $"divergence-{result.Id}.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task Failback_OldSiteCannotBeOperated_RefusedWithEachReasonNothingChanged()
    {
        await using var lab = new EngineHarness();
        (await lab.Engine.FailoverAsync(null, CancellationToken.None)).Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        lab.Clock.Advance(TimeSpan.FromMinutes(1));
        lab.Systems.Inoperable["a"] = "site a: its host does not answer: executor 'ssh db-a' exited 255";
        lab.Systems.Calls.Clear();

        var e = await Should.ThrowAsync<EngineException>(() => lab.WhileTimePassesAsync(() => lab.Engine.FailbackAsync(null, CancellationToken.None)));

        e.Message.ShouldBe("failback b->a refused, nothing was changed: site a: its host does not answer: executor 'ssh db-a' exited 255");
        lab.Systems.Calls.ShouldBeEmpty();
        lab.Engine.Sites.Active.ShouldBe("b");
        lab.Engine.History().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Failback_OnThePlansPrimary_Refused()
    {
        await using var lab = new EngineHarness();

        (await Should.ThrowAsync<EngineException>(() => lab.Engine.FailbackAsync(null, CancellationToken.None))).Message.ShouldContain("nothing to fail back");
        lab.Systems.Calls.ShouldBeEmpty();
    }

    public static TheoryData<string> FailbackSteps() =>
    [
        "capture-divergence", "rebuild-standby", "replication-to-old", "scale-target-compute", "fence-writes", "verify-consistency",
        "demote-primary", "wait-replay", "promote-target", "switch-traffic", "attach-old-primary", "replication-back", "verify", "scale-down-old",
    ];

    [Theory]
    [MemberData(nameof(FailbackSteps))]
    public async Task Failback_CrashAfterStep_TheControllerResumesAndConverges(string crashAfter)
    {
        await using var lab = new EngineHarness();
        (await lab.Engine.FailoverAsync(null, CancellationToken.None)).Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        lab.Clock.Advance(TimeSpan.FromMinutes(1));
        using var crash = new CancellationTokenSource();
        var crashing = PlanEngine.Open(lab.PlanPath, lab.Systems.Registry(), options: new EngineOptions
        {
            Clock = lab.Clock,
            AfterStep = step =>
            {
                if (step == crashAfter)
                {
                    crash.Cancel();
                    crash.Token.ThrowIfCancellationRequested();
                }

                return Task.CompletedTask;
            },
        });

        await Should.ThrowAsync<OperationCanceledException>(() => crashing.FailbackAsync(null, crash.Token));
        lab.Engine.History()[^1].Outcome.ShouldBe(ExecutionOutcome.Running);

        var resumed = await lab.Engine.ResumeAsync(null, CancellationToken.None);

        resumed.ShouldNotBeNull().Outcome.ShouldBe(ExecutionOutcome.Succeeded, string.Join("\n", resumed.Steps.Select(s => $"{s.Step} {s.Outcome} {s.Detail}")));
        resumed.Kind.ShouldBe("failback b->a");
        lab.Engine.Sites.Active.ShouldBe("a");
        lab.Systems.Routed.ShouldBe("a");
        lab.Systems.StreamsFrom["b"].ShouldBe("a");
        lab.Systems.Count("capture a against b").ShouldBe(1, "the divergence is captured once: after the rebuild it could not be");
        lab.Systems.Count("demote b").ShouldBe(1);
        (await lab.Engine.ResumeAsync(null, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Failover_WhileAFailbackIsUnfinished_RefusedNamingTheCommandThatResumesIt()
    {
        await using var lab = new EngineHarness();
        (await lab.Engine.FailoverAsync(null, CancellationToken.None)).Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        lab.Clock.Advance(TimeSpan.FromMinutes(1));
        var journal = new ExecutionJournal(Path.Combine(lab.Engine.Layout.ExecutionsDirectory, "20261201T130000Z-failback-b-a.jsonl"));
        journal.Append(new JournalEntry(lab.Clock.GetUtcNow(), JournalEntry.ExecutionStarted, Detail: "failback b->a") { Operation = "failback", From = "b", To = "a", Plan = lab.Engine.Fingerprint });
        lab.Systems.Calls.Clear();

        var e = await Should.ThrowAsync<EngineException>(() => lab.Engine.FailoverAsync(null, CancellationToken.None));

        e.Message.ShouldContain("an interrupted failback b->a is unfinished");
        e.Message.ShouldContain("`pilotlight failback` resumes it");
        lab.Systems.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Failback_DamagedDivergenceSummary_RefusedAsDamagedState()
    {
        await using var lab = new EngineHarness();
        (await lab.Engine.FailoverAsync(null, CancellationToken.None)).Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        lab.Clock.Advance(TimeSpan.FromMinutes(1));
        var id = "20261201T130000Z-failback-b-a";
        var journal = new ExecutionJournal(Path.Combine(lab.Engine.Layout.ExecutionsDirectory, $"{id}.jsonl"));
        journal.Append(new JournalEntry(lab.Clock.GetUtcNow(), JournalEntry.ExecutionStarted, Detail: "failback b->a") { Operation = "failback", From = "b", To = "a", Plan = lab.Engine.Fingerprint });
        var summary = Path.Combine(lab.Engine.Layout.ExecutionsDirectory, $"divergence-{id}.json");
        await File.WriteAllTextAsync(summary, "{ torn");

        var result = await lab.WhileTimePassesAsync(() => lab.Engine.FailbackAsync(null, CancellationToken.None));

        result.Outcome.ShouldBe(ExecutionOutcome.Failed);
        result.Steps.Single(s => s.Step == "capture-divergence").Detail.ShouldNotBeNull().ShouldContain($"{summary}: not a divergence summary");
        lab.Systems.Count("rebuild a from b").ShouldBe(0, "nothing is rewound while the divergence cannot be told");
    }
}
