using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Tests.Runbooks;

public sealed class RunbookRunnerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"pilotlight-journal-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ExecutionJournal Journal(string id = "x1") => new(Path.Combine(_directory, $"{id}.jsonl"));

    private static RunbookStep Step(string id, Func<CancellationToken, Task> execute, params string[] dependsOn) =>
        new() { Id = id, Description = id, DependsOn = [.. dependsOn], Execute = execute, MaxAttempts = 1, Timeout = TimeSpan.FromSeconds(5) };

    private static Runbook Book(params RunbookStep[] steps) => new("test", [.. steps], ["because"]);

    [Fact]
    public async Task Run_IndependentStepsRunInParallel_DependentsAfter()
    {
        var order = new List<string>();
        var bothStarted = new TaskCompletionSource();
        var started = 0;
        async Task Meet(string id, CancellationToken ct)
        {
            lock (order)
            {
                order.Add(id);
            }

            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.SetResult();
            }

            await bothStarted.Task.WaitAsync(ct); // completes only if the other step runs at the same time
        }

        var result = await new RunbookRunner(Journal(), TimeProvider.System).RunAsync(
            Book(Step("fence", _ => { order.Add("fence"); return Task.CompletedTask; }), Step("promote", ct => Meet("promote", ct), "fence"), Step("scale", ct => Meet("scale", ct), "fence"), Step("switch", _ => { order.Add("switch"); return Task.CompletedTask; }, "promote", "scale")),
            CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        order[0].ShouldBe("fence");
        order[3].ShouldBe("switch");
        result.Steps.Select(s => s.Step).ShouldBe(["fence", "promote", "scale", "switch"], ignoreOrder: true);
    }

    [Fact]
    public async Task PromotionWaitsForCompute_Fixed_AStepStartsAsSoonAsItsOwnDependenciesAreDone()
    {
        // fence ─► fence-database ─► promote ─┬─► switch
        //       └─► scale (slow) ──────────────┘
        // Run in waves, promote would start only when scale finished; here scale finishes only once promote has run.
        var promoted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = await new RunbookRunner(Journal(), TimeProvider.System).RunAsync(
            Book(
                Step("fence", _ => Task.CompletedTask),
                Step("fence-database", _ => Task.CompletedTask, "fence"),
                Step("promote", _ => { promoted.TrySetResult(); return Task.CompletedTask; }, "fence-database"),
                Step("scale", ct => promoted.Task.WaitAsync(ct), "fence"),
                Step("switch", _ => Task.CompletedTask, "promote", "scale")),
            CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        var steps = result.Steps.ToDictionary(s => s.Step);
        steps["promote"].Started.ShouldBeLessThanOrEqualTo(steps["scale"].Ended!.Value);
        steps["switch"].Started.ShouldBeGreaterThanOrEqualTo(steps["scale"].Ended!.Value);
    }

    [Fact]
    public async Task Run_AStepFails_NothingNewStarts_RunningStepsFinish()
    {
        var afterFailure = 0;
        var result = await new RunbookRunner(Journal(), TimeProvider.System).RunAsync(
            Book(
                Step("slow", ct => Task.Delay(TimeSpan.FromMilliseconds(300), ct)),
                Step("broken", _ => throw new InvalidOperationException("refused")),
                Step("after-slow", _ => { afterFailure++; return Task.CompletedTask; }, "slow")),
            CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Failed);
        afterFailure.ShouldBe(0);
        result.Steps.Single(s => s.Step == "slow").Outcome.ShouldBe(StepOutcome.Succeeded);
    }

    [Fact]
    public async Task Run_EffectAlreadyHolds_StepDoesNotAct()
    {
        var acted = 0;
        var step = Step("promote", _ => { acted++; return Task.CompletedTask; }) with { IsDone = _ => Task.FromResult(true) };

        var result = await new RunbookRunner(Journal(), TimeProvider.System).RunAsync(Book(step), CancellationToken.None);

        acted.ShouldBe(0);
        result.Steps.Single().Outcome.ShouldBe(StepOutcome.AlreadyDone);
    }

    [Fact]
    public async Task Run_FailingThenSucceeding_RetriesWithBackoff()
    {
        var calls = 0;
        var step = Step("switch", _ => ++calls < 3 ? throw new InvalidOperationException($"refused {calls}") : Task.CompletedTask) with { MaxAttempts = 3 };

        var result = await new RunbookRunner(Journal(), TimeProvider.System).RunAsync(Book(step), CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        result.Steps.Single().Attempts.ShouldBe(3);
        Journal().Read().Where(e => e.Type == JournalEntry.StepAttemptFailed).Select(e => e.Detail).ShouldBe(["refused 1", "refused 2"]);
    }

    [Fact]
    public async Task Run_StepTimesOut_ReportedAsTimeout_DependentsNotRun_RunFails()
    {
        var dependentRan = false;
        var slow = Step("promote", ct => Task.Delay(TimeSpan.FromSeconds(30), ct)) with { Timeout = TimeSpan.FromMilliseconds(100) };

        var result = await new RunbookRunner(Journal(), TimeProvider.System).RunAsync(Book(slow, Step("switch", _ => { dependentRan = true; return Task.CompletedTask; }, "promote")), CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Failed);
        result.Steps.Single(s => s.Step == "promote").Detail.ShouldBe("timed out after 0.1s");
        dependentRan.ShouldBeFalse();
    }

    [Fact]
    public async Task Run_BestEffortStepFails_RunContinues()
    {
        var fence = Step("fence-database", _ => throw new InvalidOperationException("unreachable")) with { BestEffort = true };
        var promoted = false;

        var result = await new RunbookRunner(Journal(), TimeProvider.System).RunAsync(Book(fence, Step("promote", _ => { promoted = true; return Task.CompletedTask; }, "fence-database")), CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        promoted.ShouldBeTrue();
        result.Steps.Single(s => s.Step == "fence-database").Detail.ShouldBe("best effort: unreachable");
    }

    [Fact]
    public async Task Run_Resumed_SkipsWhatTheJournalSaysIsDone()
    {
        var journal = Journal("resume");
        var first = 0;
        var second = 0;
        var book = Book(Step("one", _ => { first++; return Task.CompletedTask; }), Step("two", _ => { second++; return Task.CompletedTask; }, "one"));
        var crashed = new RunbookRunner(journal, TimeProvider.System) { AfterStep = id => id == "one" ? throw new OperationCanceledException("crash") : Task.CompletedTask };
        await Should.ThrowAsync<OperationCanceledException>(() => crashed.RunAsync(book, CancellationToken.None));
        File.AppendAllText(journal.Path, "{\"at\":\"2026-11-24T12:00:00+00:00\",\"type\":\"step.sta"); // torn write

        var result = await new RunbookRunner(journal, TimeProvider.System).RunAsync(book, CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        first.ShouldBe(1);
        second.ShouldBe(1);
        (await new RunbookRunner(journal, TimeProvider.System).RunAsync(book, CancellationToken.None)).Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        second.ShouldBe(1);
    }

    [Fact]
    public async Task TwoStepsFinishSynchronously_Fixed_BothCompleteAndTheirDependentRuns()
    {
        // A step that finishes without awaiting anything returns the runtime's cached Task<bool>; two of them in
        // one round once crashed the runner ("An item with the same key has already been added").
        var switched = 0;
        var result = await new RunbookRunner(Journal(), TimeProvider.System).RunAsync(
            Book(Step("fence-traffic", _ => Task.CompletedTask), Step("fence-database", _ => Task.CompletedTask), Step("switch", _ => { switched++; return Task.CompletedTask; }, "fence-traffic", "fence-database")),
            CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        switched.ShouldBe(1);
        result.Steps.Select(s => s.Step).ShouldBe(["fence-traffic", "fence-database", "switch"], ignoreOrder: true);
    }

    [Fact]
    public void Validate_CycleOrUnknownDependency_Refused()
    {
        Should.Throw<InvalidOperationException>(() => Book(Step("a", _ => Task.CompletedTask, "b"), Step("b", _ => Task.CompletedTask, "a")).Validate()).Message.ShouldContain("cycle");
        Should.Throw<InvalidOperationException>(() => Book(Step("a", _ => Task.CompletedTask, "zz")).Validate()).Message.ShouldContain("unknown step zz");
    }

    [Fact]
    public void Waves_GroupIndependentSteps() =>
        Book(Step("fence", _ => Task.CompletedTask), Step("promote", _ => Task.CompletedTask, "fence"), Step("scale", _ => Task.CompletedTask, "fence"), Step("switch", _ => Task.CompletedTask, "promote", "scale"))
            .Waves().Select(w => string.Join("+", w.Select(s => s.Id))).ShouldBe(["fence", "promote+scale", "switch"]);
}
