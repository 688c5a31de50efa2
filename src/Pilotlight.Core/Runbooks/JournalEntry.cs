namespace Pilotlight.Core.Runbooks;

/// <summary>One line of an execution's journal: what happened, to which step, when.</summary>
public sealed record JournalEntry(DateTimeOffset At, string Type, string? Step = null, int? Attempt = null, string? Detail = null)
{
    public const string ExecutionStarted = "execution.started";
    public const string ExecutionFinished = "execution.finished";
    public const string StepStarted = "step.started";
    public const string StepSucceeded = "step.succeeded";
    public const string StepAlreadyDone = "step.already-done";
    public const string StepFailed = "step.failed";
    public const string StepAttemptFailed = "step.attempt-failed";
    public const string Note = "note";
}
