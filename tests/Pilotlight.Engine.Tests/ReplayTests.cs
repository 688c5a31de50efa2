using Pilotlight.Core.Runbooks;
using Pilotlight.Core.State;

namespace Pilotlight.Engine.Tests;

/// <summary>The runner over recorded journals: a failover interrupted after any step is resumed and converges.</summary>
public sealed class ReplayTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 11, 0, 0, TimeSpan.Zero);

    private static ExecutionJournal Recorded(EngineHarness lab, params JournalEntry[] entries)
    {
        var journal = new ExecutionJournal(Path.Combine(lab.Engine.Layout.ExecutionsDirectory, "20261201T110000Z-failover-a-b.jsonl"));
        journal.Append(new JournalEntry(At, JournalEntry.ExecutionStarted, Detail: "failover a->b") { Operation = "failover", From = "a", To = "b", Plan = lab.Engine.Fingerprint });
        foreach (var entry in entries)
        {
            journal.Append(entry);
        }

        return journal;
    }

    [Fact]
    public async Task Resume_AfterFenceSteps_SkipsThem_RunsTheRest_FromTheJournaledTarget()
    {
        await using var lab = new EngineHarness();
        lab.Systems.Up["a"] = false;
        await ((Core.Providers.ITrafficProvider)lab.Systems).FenceAsync("a", CancellationToken.None);
        var journal = Recorded(lab,
            new JournalEntry(At, JournalEntry.StepStarted, "fence-traffic", 1),
            new JournalEntry(At, JournalEntry.StepSucceeded, "fence-traffic", 1),
            new JournalEntry(At, JournalEntry.StepStarted, "fence-database", 1),
            new JournalEntry(At, JournalEntry.StepFailed, "fence-database", 1, ExecutionJournal.BestEffortPrefix + "unreachable: not fenced"));
        var traffic = lab.Systems.Count("fence-traffic a");

        var result = await lab.Engine.FailoverAsync(null, CancellationToken.None);

        result.Id.ShouldBe(journal.Id);
        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        lab.Systems.Count("fence-traffic a").ShouldBe(traffic, "a step the journal records as done is not run again");
        lab.Systems.Count("fence-database a").ShouldBe(0);
        lab.Systems.Count("promote b").ShouldBe(1);
        lab.Engine.Sites.Active.ShouldBe("b");
        journal.Read().ShouldContain(e => e.Type == JournalEntry.Note && e.Detail == "resumed after an interruption");
    }

    [Fact]
    public async Task Resume_Finished_IsHistory_TheSiteStateSaysWhereANewOneGoes()
    {
        await using var lab = new EngineHarness();
        Recorded(lab, new JournalEntry(At, JournalEntry.ExecutionFinished, Detail: "Succeeded"));

        lab.Engine.History().ShouldHaveSingleItem().Target!.To.ShouldBe("b");
        lab.Engine.PlanFailover().Kind.ShouldBe("failover a->b", "the site state, not the journal, says which site is active");
    }

    [Fact]
    public async Task Resume_JournalWithoutTarget_RefusedAsDamaged_NotGuessedFromItsText()
    {
        await using var lab = new EngineHarness();
        var journal = new ExecutionJournal(Path.Combine(lab.Engine.Layout.ExecutionsDirectory, "20261201T110000Z-failover-a-b.jsonl"));
        journal.Append(new JournalEntry(At, JournalEntry.ExecutionStarted, Detail: "failover a->b"));

        var e = await Should.ThrowAsync<DamagedStateException>(() => lab.Engine.FailoverAsync(null, CancellationToken.None));

        e.Path.ShouldBe(journal.Path);
        e.Message.ShouldContain("does not record what it fails over");
        lab.Systems.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Resume_TargetASiteThePlanDoesNotHave_Refused()
    {
        await using var lab = new EngineHarness();
        var journal = new ExecutionJournal(Path.Combine(lab.Engine.Layout.ExecutionsDirectory, "20261201T110000Z-failover-x-y.jsonl"));
        journal.Append(new JournalEntry(At, JournalEntry.ExecutionStarted, Detail: "failover x->y") { Operation = "failover", From = "x", To = "y", Plan = "other" });

        (await Should.ThrowAsync<EngineException>(() => lab.Engine.FailoverAsync(null, CancellationToken.None))).Message.ShouldContain("cannot resume");
        lab.Systems.Calls.ShouldBeEmpty();
    }
}
