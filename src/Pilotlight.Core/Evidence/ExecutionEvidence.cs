using System.Collections.Immutable;

namespace Pilotlight.Core.Evidence;

/// <summary>
/// What was measured around one execution, beside its journal (<c>executions/ID.evidence.json</c>): how the outage
/// was detected and decided, what clients saw (from a write ledger or entry probes), the data lost, the load, the
/// smoke checks and, for an isolated drill, the clone's time to serving. The journal says what was done; this says
/// how it went for the people using the system. Reports are built from the two.
/// </summary>
public sealed record ExecutionEvidence
{
    public required string ExecutionId { get; init; }

    /// <summary>failover, switchover, failback or drill.</summary>
    public required string Operation { get; init; }

    /// <summary>For a drill: live or isolated.</summary>
    public string? DrillMode { get; init; }

    /// <summary>For a live drill: how the site was lost — switchover (planned), kill, stop or partition (a lab's real disaster).</summary>
    public string? DrillFault { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required double RtoObjectiveSeconds { get; init; }

    public required double RpoObjectiveSeconds { get; init; }

    /// <summary>How the controller found the site down and decided; null when an operator started the execution.</summary>
    public Detection? Detection { get; init; }

    /// <summary>The outage as clients saw it; null when nothing measured it.</summary>
    public ClientOutage? ClientOutage { get; init; }

    public DataLoss? DataLoss { get; init; }

    /// <summary>The write load that ran through the execution, when one did.</summary>
    public LoadSummary? Load { get; init; }

    /// <summary>Probes of the workload through the entry while the execution ran, oldest first.</summary>
    public ImmutableArray<ProbeSample> Probes { get; init; } = [];

    public ImmutableArray<SmokeResult> SmokeChecks { get; init; } = [];

    public IsolatedDrillResult? Isolated { get; init; }

    /// <summary>Anything a reader should know that has no field (e.g. "the ledger could not be checked: …").</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}

/// <summary>The controller's view when it declared the site down: each vantage point's vote and the decision taken.</summary>
public sealed record Detection(DateTimeOffset? LastHealthyAt, DateTimeOffset FirstFailureAt, DateTimeOffset DeclaredDownAt, ImmutableArray<Vote> Votes, string Verdict, string Reason)
{
    /// <summary>From the first failed probe to the site declared down.</summary>
    public double DetectionSeconds => (DeclaredDownAt - FirstFailureAt).TotalSeconds;
}

/// <summary>One vantage point's view of the lost site: its health and why.</summary>
public sealed record Vote(string VantagePoint, string Health, int ConsecutiveFailures, string? LastError);

/// <summary>
/// The longest time clients could not use the workload: from the last success before the outage to the first after
/// it. Source is <c>ledger</c> (acknowledged writes of a load) or <c>probes</c> (entry probes).
/// </summary>
public sealed record ClientOutage(string Source, DateTimeOffset? LastSuccessBefore, DateTimeOffset? FirstSuccessAfter)
{
    public double? Seconds => LastSuccessBefore is { } before && FirstSuccessAfter is { } after ? (after - before).TotalSeconds : null;
}

/// <summary>
/// Data lost: the replica's lag when the site was lost (an upper bound from the controller's proof, never lower than
/// the truth) and, when a ledger ran, the acknowledged writes that are not on the new primary.
/// </summary>
public sealed record DataLoss(double? ReplicaLagAtFailureSeconds, long? ReplicaLagAtFailureBytes, string? LagSource, long? AcknowledgedWrites, long? LostWrites)
{
    /// <summary>The lost writes, at most the first 1,000 of them.</summary>
    public ImmutableArray<LostWrite> Lost { get; init; } = [];
}

public sealed record LostWrite(string Ref, DateTimeOffset At);

/// <summary>A load's totals, latency and its per-second series (for the throughput and latency chart).</summary>
public sealed record LoadSummary(double Rate, DateTimeOffset Started, DateTimeOffset Ended, long Sent, long Acknowledged, long Errors, LatencySummary Latency)
{
    /// <summary>Errors by kind (e.g. "timeout", "503", "connection refused").</summary>
    public ImmutableDictionary<string, long> ErrorsByKind { get; init; } = ImmutableDictionary<string, long>.Empty;

    /// <summary>One bucket per second, oldest first.</summary>
    public ImmutableArray<LoadBucket> Series { get; init; } = [];

    /// <summary>The ledger file of acknowledged writes, when one was kept.</summary>
    public string? LedgerPath { get; init; }
}

public sealed record LatencySummary(double P50Ms, double P90Ms, double P99Ms, double MaxMs);

/// <summary>One second of load: writes acknowledged and failed, and the acknowledged ones' latency.</summary>
public sealed record LoadBucket(DateTimeOffset At, long Acknowledged, long Errors, double? P50Ms, double? MaxMs);

/// <summary>One probe through the entry: whether the workload answered, how fast, and which site served it.</summary>
public sealed record ProbeSample(DateTimeOffset At, bool Ok, double LatencyMs, string? Site, string? Error);

/// <summary>One of the plan's smoke checks (an HTTP request with an expected status and body) and how it went.</summary>
public sealed record SmokeResult(string Name, string Url, bool Passed, int? Status, double LatencyMs, string? Problem, DateTimeOffset At);

/// <summary>An isolated drill: the clone beside the standby, how long until its compute served, and what production did meanwhile.</summary>
public sealed record IsolatedDrillResult(string CloneName, double? TimeToServingSeconds, ImmutableArray<string> Addresses, double? StandbyMaxLagSeconds, bool StandbyStreamedThroughout, bool EntryUnchanged)
{
    /// <summary>The clone's position when it was taken (a WAL location), when the provider tells.</summary>
    public string? CloneLsn { get; init; }

    /// <summary>What could not be torn down, if anything (null: everything was).</summary>
    public string? TeardownProblem { get; init; }
}
