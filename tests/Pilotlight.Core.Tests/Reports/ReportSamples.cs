using System.Collections.Immutable;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Tests.Reports;

/// <summary>
/// Realistic executions for report tests: a failover journaled by the real <see cref="RunbookRunner"/> on a clock the
/// steps move forward, and evidence around it (detection, a ledger's outage and loss, a load series, probes).
/// Shared with Pilotlight.Reports.Tests, which renders them in Chromium.
/// </summary>
public static class ReportSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static readonly Objectives PlanObjectives = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));

    public static readonly string[] StepIds = ["fence", "promote", "scale-compute", "switch-traffic", "verify", "notify"];

    /// <summary>A failover a->b journaled at <paramref name="journalPath"/>: six steps, promote retried once, notify failed (best effort).</summary>
    public static async Task<ExecutionJournal> FailoverJournalAsync(string journalPath, DateTimeOffset? start = null)
    {
        var clock = new MovableClock(start ?? T0);
        var journal = new ExecutionJournal(journalPath);
        var promoteTries = 0;
        RunbookStep Step(string id, double seconds, string[] after, Action? fail = null, bool bestEffort = false, int attempts = 1) => new()
        {
            Id = id,
            Description = $"{id} the site",
            DependsOn = [.. after],
            MaxAttempts = attempts,
            BestEffort = bestEffort,
            Timeout = TimeSpan.FromSeconds(30),
            Execute = _ =>
            {
                clock.Advance(TimeSpan.FromSeconds(seconds));
                fail?.Invoke();
                return Task.CompletedTask;
            },
            Outcome = () => $"{id} done",
        };
        var runbook = new Runbook("failover a->b",
        [
            Step("fence", 0.2, []),
            Step("promote", 0.7, ["fence"], () =>
            {
                if (++promoteTries == 1)
                {
                    throw new InvalidOperationException("the replica is still in recovery");
                }
            }, attempts: 2),
            Step("scale-compute", 2.0, ["fence"]),
            Step("switch-traffic", 0.3, ["promote", "scale-compute"]),
            Step("verify", 0.5, ["switch-traffic"]),
            Step("notify", 0.1, ["verify"], () => throw new InvalidOperationException("webhook 127.0.0.1:32999 refused the connection"), bestEffort: true),
        ], ["site a is down from 2 of 2 vantage points", "decided by the controller: a down from 2/2 vantage points; replica lag 0.120 s within the 5 s rpo"])
        {
            Target = new ExecutionTarget("failover", "a", "b", "0123456789abcdef"),
        };
        await new RunbookRunner(journal, clock).RunAsync(runbook, CancellationToken.None);
        return journal;
    }

    /// <summary>Evidence of a failover under a ledgered load: detected, an outage from -3.2 s to +4.1 s, the given writes lost.</summary>
    public static ExecutionEvidence FailoverEvidence(string id, DateTimeOffset? start = null, long lost = 0, ClientOutage? outage = null)
    {
        var t0 = start ?? T0;
        var lostWrites = Enumerable.Range(0, (int)Math.Min(lost, 1000)).Select(i => new LostWrite($"order-{9000 + i}", t0.AddSeconds(-3.6 + (i * 0.01)))).ToImmutableArray();
        return new ExecutionEvidence
        {
            ExecutionId = id,
            Operation = "failover",
            From = "a",
            To = "b",
            RtoObjectiveSeconds = 30,
            RpoObjectiveSeconds = 5,
            Detection = new Detection(t0.AddSeconds(-3.5), t0.AddSeconds(-3.0), t0.AddSeconds(-1.5),
                [new Vote("entry", "down", 3, "connection refused"), new Vote("site-b <probe & \"quoted\">", "down", 3, "timed out after 0.5s")], "down", "2 of 2 vantage points see a down"),
            ClientOutage = outage ?? new ClientOutage("ledger", t0.AddSeconds(-3.2), t0.AddSeconds(4.1)),
            DataLoss = new DataLoss(0.12, 4096, "replication proof", 2400 - lost, lost) { Lost = lostWrites },
            Load = Load(t0),
            SmokeChecks = [new SmokeResult("orders", "http://127.0.0.1:32000/orders", true, 200, 12.5, null, t0.AddSeconds(4.2))],
            Notes = ["the ledger was checked against b"],
        };
    }

    /// <summary>Evidence with entry probes only (no load): probes every 0.25 s from -4 s to +8 s, failing from -3 s to +3.5 s.</summary>
    public static ExecutionEvidence ProbesOnlyEvidence(string id)
    {
        var probes = Enumerable.Range(0, 49).Select(i =>
        {
            var at = T0.AddSeconds(-4 + (i * 0.25));
            var offset = (at - T0).TotalSeconds;
            var ok = offset is < -3 or >= 3.5;
            return new ProbeSample(at, ok, ok ? 4 + (i % 7) : 500, ok ? (offset < 0 ? "a" : "b") : null, ok ? null : "connection refused");
        }).ToImmutableArray();
        return new ExecutionEvidence
        {
            ExecutionId = id,
            Operation = "failover",
            From = "a",
            To = "b",
            RtoObjectiveSeconds = 30,
            RpoObjectiveSeconds = 5,
            ClientOutage = new ClientOutage("probes", T0.AddSeconds(-3.25), T0.AddSeconds(3.5)),
            DataLoss = new DataLoss(0.3, null, "replication proof", null, null),
            Probes = probes,
        };
    }

    private static LoadSummary Load(DateTimeOffset t0)
    {
        var series = Enumerable.Range(0, 14).Select(i =>
        {
            var at = t0.AddSeconds(-6 + i);
            var down = i is >= 3 and <= 9;
            return new LoadBucket(at, down ? (i == 3 ? 40 : 0) : 200, down ? (i == 3 ? 160 : 200) : 0, down && i != 3 ? null : 3.5 + i, down && i != 3 ? null : 20 + (i * 3));
        }).ToImmutableArray();
        return new LoadSummary(200, t0.AddSeconds(-6), t0.AddSeconds(8), 2800, 2400, 400, new LatencySummary(4.1, 9.8, 31.0, 510.0))
        {
            ErrorsByKind = ImmutableDictionary<string, long>.Empty.Add("connection refused", 300).Add("503", 100),
            Series = series,
            LedgerPath = "/tmp/wt-report-ledger/orders.ledger",
        };
    }

    /// <summary>A clock the steps move forward: the runner's journal then holds real durations.</summary>
    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}
