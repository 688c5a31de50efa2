namespace Pilotlight.Engine;

/// <summary>What the engine keeps in a plan's state directory, and where.</summary>
public sealed record EngineLayout(string StateDirectory)
{
    public string ExecutionsDirectory => Path.Combine(StateDirectory, "executions");

    /// <summary>Where HTML reports are written by default (<c>reports/ID.html</c>).</summary>
    public string ReportsDirectory => Path.Combine(StateDirectory, "reports");

    public string ApprovalsDirectory => Path.Combine(StateDirectory, "approvals");

    public string SiteStatePath => Path.Combine(StateDirectory, SiteState.FileName);

    public string ProofPath => Path.Combine(StateDirectory, "replication-proof.json");

    /// <summary>Every webhook delivery's outcome, one JSON line each (no secrets, URLs by their origin only).</summary>
    public string NotificationLogPath => Path.Combine(StateDirectory, "notifications.jsonl");

    /// <summary>Where <c>pilotlight load</c> keeps its ledgers of acknowledged writes, one file per run.</summary>
    public string LedgersDirectory => Path.Combine(StateDirectory, "ledgers");

    /// <summary>A new ledger's default path: <c>ledgers/20261201T175602Z.ledger</c> for a run started then.</summary>
    public string LedgerPath(DateTimeOffset started) => Path.Combine(LedgersDirectory, started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture) + ".ledger");

    public string ExecutionLockPath => Path.Combine(StateDirectory, "execution.lock");

    /// <summary>
    /// Held by the one drill that runs. A live drill holds the execution lock too (it moves production); an isolated
    /// drill holds only this one, so the controller keeps watching the active site while it runs.
    /// </summary>
    public string DrillLockPath => Path.Combine(StateDirectory, "drill.lock");

    /// <summary>Written by the controller when it declares the active site down while an isolated drill runs: the drill stops and tears down (the file says why).</summary>
    public string DrillAbortPath => Path.Combine(StateDirectory, "drill.abort");

    /// <summary>
    /// While this file exists a controller of the plan stops at its next round and none starts: the plan's systems
    /// were taken down on purpose (<c>lab down</c> writes it, <c>lab up</c> removes it).
    /// </summary>
    public string StopMarkerPath => Path.Combine(StateDirectory, "controller.stop");
}
