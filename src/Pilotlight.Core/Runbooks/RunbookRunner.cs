using System.Globalization;

namespace Pilotlight.Core.Runbooks;

/// <summary>
/// Runs a runbook's steps as their dependencies allow, in parallel where they are independent. Each step is
/// journaled before and after it acts; a step the journal records as done is skipped, so a run killed at any
/// point and started again converges. A step first checks whether its effect already holds, retries with
/// backoff, and reports a timeout differently from a cancellation.
/// </summary>
public sealed class RunbookRunner(ExecutionJournal journal, TimeProvider clock)
{
    /// <summary>Told of every journal entry as it is written (progress display).</summary>
    public Action<JournalEntry>? Observer { get; init; }

    /// <summary>Called after a step's end is journaled: a test hook to crash the controller between steps.</summary>
    public Func<string, Task>? AfterStep { get; init; }

    public async Task<ExecutionResult> RunAsync(Runbook runbook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runbook);
        runbook.Validate();
        if (journal.IsFinished)
        {
            return ExecutionResult.From(journal);
        }

        if (journal.Read().IsEmpty)
        {
            Write(new JournalEntry(clock.GetUtcNow(), JournalEntry.ExecutionStarted, Detail: runbook.Kind)
            {
                Operation = runbook.Target?.Operation,
                From = runbook.Target?.From,
                To = runbook.Target?.To,
                Plan = runbook.Target?.PlanFingerprint,
            });
            foreach (var reason in runbook.Reasons)
            {
                Write(new JournalEntry(clock.GetUtcNow(), JournalEntry.Note, Detail: reason));
            }
        }
        else
        {
            Write(new JournalEntry(clock.GetUtcNow(), JournalEntry.Note, Detail: "resumed after an interruption"));
        }

        // Each step starts as soon as its own dependencies are done — not in waves — so a slow step delays only
        // the steps that wait for it. After a failure nothing new starts; the steps already running finish.
        var completed = new HashSet<string>(journal.CompletedSteps(), StringComparer.Ordinal);
        // A list, not a dictionary keyed by task: a step that finishes synchronously returns the runtime's cached
        // Task<bool>, so two such steps share one task instance.
        var running = new List<(RunbookStep Step, Task<bool> Task)>();
        var failed = false;
        while (true)
        {
            if (!failed)
            {
                foreach (var step in runbook.Steps.Where(s => !completed.Contains(s.Id) && !running.Exists(r => r.Step == s) && s.DependsOn.All(completed.Contains)))
                {
                    running.Add((step, RunStepAsync(step, cancellationToken)));
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            await Task.WhenAny(running.Select(r => r.Task));
            foreach (var finished in running.Where(r => r.Task.IsCompleted).ToList())
            {
                running.Remove(finished);
                if (await finished.Task)
                {
                    completed.Add(finished.Step.Id);
                }
                else
                {
                    failed = true;
                }
            }
        }

        var succeeded = !failed && runbook.Steps.All(s => completed.Contains(s.Id));
        Write(new JournalEntry(clock.GetUtcNow(), JournalEntry.ExecutionFinished, Detail: succeeded ? nameof(ExecutionOutcome.Succeeded) : nameof(ExecutionOutcome.Failed)));
        return ExecutionResult.From(journal);
    }

    private async Task<bool> RunStepAsync(RunbookStep step, CancellationToken cancellationToken)
    {
        string reason = "not run";
        for (var attempt = 1; attempt <= step.MaxAttempts; attempt++)
        {
            Write(new JournalEntry(clock.GetUtcNow(), JournalEntry.StepStarted, step.Id, attempt, step.Description));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(step.Timeout);
            try
            {
                if (step.IsDone is not null && await step.IsDone(timeout.Token))
                {
                    await FinishAsync(step, new JournalEntry(clock.GetUtcNow(), JournalEntry.StepAlreadyDone, step.Id, attempt, step.Outcome?.Invoke() is { } found ? $"its effect already held: {found}" : "its effect already held"));
                    return true;
                }

                await step.Execute(timeout.Token);
                if (step.IsDone is not null && !await step.IsDone(timeout.Token))
                {
                    throw new InvalidOperationException("its effect does not hold after acting");
                }

                await FinishAsync(step, new JournalEntry(clock.GetUtcNow(), JournalEntry.StepSucceeded, step.Id, attempt, step.Outcome?.Invoke()));
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"timed out after {step.Timeout.TotalSeconds:0.##}s");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reason = e.Message.ReplaceLineEndings(" ");
            }

            Write(new JournalEntry(clock.GetUtcNow(), JournalEntry.StepAttemptFailed, step.Id, attempt, reason));
            if (attempt < step.MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1)), clock, cancellationToken);
            }
        }

        reason = step.WhenFailed is { } meaning ? $"{reason}; {meaning}" : reason;
        await FinishAsync(step, new JournalEntry(clock.GetUtcNow(), JournalEntry.StepFailed, step.Id, step.MaxAttempts, step.BestEffort ? ExecutionJournal.BestEffortPrefix + reason : reason));
        return step.BestEffort;
    }

    private async Task FinishAsync(RunbookStep step, JournalEntry entry)
    {
        Write(entry);
        if (AfterStep is not null)
        {
            await AfterStep(step.Id);
        }
    }

    private void Write(JournalEntry entry)
    {
        journal.Append(entry);
        Observer?.Invoke(entry);
    }
}
