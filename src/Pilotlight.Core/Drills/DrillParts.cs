namespace Pilotlight.Core.Drills;

/// <summary>What the steps of a drill's own (non-leg) part do: supplied by the engine, built into steps by <see cref="DrillRunbook"/>.</summary>
public sealed record DrillParts
{
    /// <summary>A live drill with a real disaster: loses the active site (lab only), and whether it has been lost already.</summary>
    public Func<CancellationToken, Task>? InjectFault { get; init; }

    public Func<CancellationToken, Task<bool>>? FaultInjected { get; init; }

    /// <summary>Waits until the health probes declare the lost site down, as the controller would, recording how.</summary>
    public Func<CancellationToken, Task>? DetectLoss { get; init; }

    public Func<bool>? LossDetected { get; init; }

    /// <summary>Brings the lost site's infrastructure back before the failback (lab only).</summary>
    public Func<CancellationToken, Task>? RecoverSite { get; init; }

    /// <summary>Isolated drill: clones the standby's database and starts compute against it; stops and drops them.</summary>
    public Func<CancellationToken, Task>? CloneDatabase { get; init; }

    public Func<CancellationToken, Task>? StartCompute { get; init; }

    public Func<CancellationToken, Task>? StopCompute { get; init; }

    public Func<CancellationToken, Task>? DropClone { get; init; }

    /// <summary>Runs the plan's smoke checks against what serves the workload now and records each result; never throws for a failed check.</summary>
    public required Func<CancellationToken, Task> SmokeChecks { get; init; }

    /// <summary>Whether the smoke checks ran already (a resumed drill does not repeat them).</summary>
    public required Func<bool> SmokeChecked { get; init; }

    /// <summary>Holds the drill for its duration: waits until a deadline recorded when the hold began.</summary>
    public required Func<CancellationToken, Task> Hold { get; init; }

    public required Func<bool> Held { get; init; }

    /// <summary>Live drill: throws unless the plan is back in pilot-light shape (readiness READY, the configured primary active).</summary>
    public Func<CancellationToken, Task>? CheckPilotLight { get; init; }

    /// <summary>Null when every smoke check passed; else why the drill fails.</summary>
    public required Func<string?> SmokeFailure { get; init; }

    /// <summary>A one-line summary of the smoke checks, journaled with the step.</summary>
    public required Func<string?> SmokeSummary { get; init; }

    public string PlanFingerprint { get; init; } = "";
}
