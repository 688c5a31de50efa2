using System.Collections.Immutable;

namespace Pilotlight.Core.Runbooks;

/// <summary>
/// One idempotent step of a runbook: a stable id, the steps it waits for, a check whether its effect already holds,
/// the action, a timeout per attempt and a number of attempts. A best-effort step may fail without failing the run.
/// </summary>
public sealed record RunbookStep
{
    public required string Id { get; init; }

    public required string Description { get; init; }

    public ImmutableArray<string> DependsOn { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxAttempts { get; init; } = 3;

    public bool BestEffort { get; init; }

    /// <summary>What it means when the step fails for good, journaled with the reason (e.g. what protects clients meanwhile).</summary>
    public string? WhenFailed { get; init; }

    /// <summary>True when the step's effect already holds; null: always act.</summary>
    public Func<CancellationToken, Task<bool>>? IsDone { get; init; }

    public required Func<CancellationToken, Task> Execute { get; init; }

    /// <summary>What the step found or did, journaled with its success (e.g. "rewound"); read after it acted or found its effect held.</summary>
    public Func<string?>? Outcome { get; init; }
}
