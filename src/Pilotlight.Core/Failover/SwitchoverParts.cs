using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Failover;

/// <summary>What a planned switchover or a failback acts on: the plan's providers, and what the engine keeps for them.</summary>
public sealed record SwitchoverParts
{
    public required ITrafficProvider Traffic { get; init; }

    public required IDatabaseProvider Database { get; init; }

    public required IDatabaseSwitchover Replication { get; init; }

    public required IComputeProvider Compute { get; init; }

    public IObjectStoreProvider? Objects { get; init; }

    public ISecretsProvider? Secrets { get; init; }

    /// <summary>True when the workload answers through the entry, served by the given site.</summary>
    public required Func<string, CancellationToken, Task<bool>> ServesThroughEntry { get; init; }

    /// <summary>The site the plan's runtime state names active.</summary>
    public required Func<string> ActiveSite { get; init; }

    /// <summary>Records the site now active, none fenced: both sites are healthy after a switchover.</summary>
    public required Action<string> RecordActiveSite { get; init; }

    public required Func<string, CancellationToken, Task> Notify { get; init; }

    /// <summary>The demotion token saved by this execution (the demoted primary's final WAL position), or null.</summary>
    public required Func<string?> LoadToken { get; init; }

    public required Action<string> SaveToken { get; init; }

    /// <summary>Failback: where the diverged writes go (SQL), and the summary saved beside it once captured.</summary>
    public string? DivergencePath { get; init; }

    public Func<DivergenceReport?>? LoadDivergence { get; init; }

    public Action<DivergenceReport>? SaveDivergence { get; init; }

    /// <summary>A fingerprint of the plan the runbook is built from, journaled with the execution.</summary>
    public string PlanFingerprint { get; init; } = "";

    /// <summary>The steps' timeouts as the plan's providers need them (an RDS promotion takes minutes, not seconds).</summary>
    public Runbooks.StepTimeouts Timeouts { get; init; } = Runbooks.StepTimeouts.Defaults;
}
