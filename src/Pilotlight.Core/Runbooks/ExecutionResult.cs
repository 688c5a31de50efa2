using System.Collections.Immutable;

namespace Pilotlight.Core.Runbooks;

/// <summary>How an execution ended and each step's timeline, read back from its journal.</summary>
public sealed record ExecutionResult(string Id, string Kind, ExecutionOutcome Outcome, DateTimeOffset Started, DateTimeOffset? Finished, ImmutableArray<StepTiming> Steps)
{
    /// <summary>Why the journal cannot be believed, when <see cref="Outcome"/> is <see cref="ExecutionOutcome.Corrupt"/>.</summary>
    public JournalProblem? Problem { get; init; }

    /// <summary>What the execution acts on, from its first entry; null for a journal that does not record it.</summary>
    public ExecutionTarget? Target { get; init; }

    public static ExecutionResult From(ExecutionJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var entries = journal.Read();
        var problem = journal.Problem;
        var start = entries.FirstOrDefault(e => e.Type == JournalEntry.ExecutionStarted);
        var finish = entries.LastOrDefault(e => e.Type == JournalEntry.ExecutionFinished);
        var outcome = problem is not null ? ExecutionOutcome.Corrupt : finish is null ? ExecutionOutcome.Running : finish.Detail == nameof(ExecutionOutcome.Succeeded) ? ExecutionOutcome.Succeeded : ExecutionOutcome.Failed;
        var steps = entries.Where(e => e.Step is not null).GroupBy(e => e.Step!).Select(g =>
        {
            var begun = g.First(e => true).At;
            var last = g.LastOrDefault(e => e.Type is JournalEntry.StepSucceeded or JournalEntry.StepAlreadyDone or JournalEntry.StepFailed);
            var state = last?.Type switch
            {
                JournalEntry.StepSucceeded => StepOutcome.Succeeded,
                JournalEntry.StepAlreadyDone => StepOutcome.AlreadyDone,
                JournalEntry.StepFailed => StepOutcome.Failed,
                _ => StepOutcome.Running,
            };
            // Each attempt journals step.started; a step that failed every attempt also journals attempt-failed for the last one.
            var started = g.Count(e => e.Type == JournalEntry.StepStarted);
            var attempts = started > 0 ? started : g.Count(e => e.Type == JournalEntry.StepAttemptFailed) + (last is null ? 0 : 1);
            return new StepTiming(g.Key, state, begun, last?.At, attempts, last?.Detail);
        });
        return new ExecutionResult(journal.Id, start?.Detail ?? "?", outcome, start?.At ?? DateTimeOffset.MinValue, finish?.At, [.. steps.OrderBy(s => s.Started)]) { Problem = problem, Target = start?.Target };
    }
}

/// <summary>One step in an execution's timeline.</summary>
public sealed record StepTiming(string Step, StepOutcome Outcome, DateTimeOffset Started, DateTimeOffset? Ended, int Attempts, string? Detail)
{
    public TimeSpan? Duration => Ended - Started;
}

/// <summary>Where an execution stands.</summary>
public enum ExecutionOutcome
{
    Running,
    Succeeded,
    Failed,

    /// <summary>The journal is damaged (see <see cref="ExecutionResult.Problem"/>): what happened cannot be told from it.</summary>
    Corrupt,
}

/// <summary>How a step ended.</summary>
public enum StepOutcome
{
    Running,
    Succeeded,
    AlreadyDone,
    Failed,
}
