namespace Pilotlight.Core.Runbooks;

/// <summary>One line of an execution's journal: what happened, to which step, when.</summary>
public sealed record JournalEntry(DateTimeOffset At, string Type, string? Step = null, int? Attempt = null, string? Detail = null)
{
    /// <summary>On <see cref="ExecutionStarted"/>: the operation (e.g. failover).</summary>
    public string? Operation { get; init; }

    /// <summary>On <see cref="ExecutionStarted"/>: the site the execution leaves.</summary>
    public string? From { get; init; }

    /// <summary>On <see cref="ExecutionStarted"/>: the site the execution goes to.</summary>
    public string? To { get; init; }

    /// <summary>On <see cref="ExecutionStarted"/>: a fingerprint of the plan the runbook was built from.</summary>
    public string? Plan { get; init; }

    /// <summary>The target of an <see cref="ExecutionStarted"/> entry, when it records one.</summary>
    public ExecutionTarget? Target => Operation is { } operation && From is { } from && To is { } to ? new ExecutionTarget(operation, from, to, Plan ?? "") : null;

    public const string ExecutionStarted = "execution.started";
    public const string ExecutionFinished = "execution.finished";
    public const string StepStarted = "step.started";
    public const string StepSucceeded = "step.succeeded";
    public const string StepAlreadyDone = "step.already-done";
    public const string StepFailed = "step.failed";
    public const string StepAttemptFailed = "step.attempt-failed";
    public const string Note = "note";
}
