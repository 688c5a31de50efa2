namespace Pilotlight.Core.Failover;

/// <summary>What a failover acts on: the plan's providers, and the few checks that depend on the workload.</summary>
public sealed record FailoverParts
{
    public required Providers.ITrafficProvider Traffic { get; init; }

    public Providers.IDatabaseProvider? Database { get; init; }

    public required Providers.IComputeProvider Compute { get; init; }

    /// <summary>True when the workload answers through the entry, served by the given site.</summary>
    public required Func<string, CancellationToken, Task<bool>> ServesThroughEntry { get; init; }

    /// <summary>The site the plan's runtime state names active.</summary>
    public required Func<string> ActiveSite { get; init; }

    public required Action<string> RecordActiveSite { get; init; }

    public required Func<string, CancellationToken, Task> Notify { get; init; }

    /// <summary>A fingerprint of the plan the runbook is built from, journaled with the execution.</summary>
    public string PlanFingerprint { get; init; } = "";

    /// <summary>The steps' timeouts as the plan's providers need them (an RDS promotion takes minutes, not seconds).</summary>
    public Runbooks.StepTimeouts Timeouts { get; init; } = Runbooks.StepTimeouts.Defaults;
}
