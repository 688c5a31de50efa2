using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pilotlight.Core.Evidence;
using static Pilotlight.Core.Reports.ReportText;

namespace Pilotlight.Core.Reports;

/// <summary>
/// A report as one JSON document: the stable contract the README documents (<see cref="Version"/>). Keys are
/// snake_case and always present (null when not known); durations are seconds in keys ending <c>_seconds</c>;
/// verdicts are <c>pass</c>, <c>fail</c> or <c>not_measured</c>. New keys may be added; none is renamed or removed
/// without raising the version.
/// </summary>
internal static class JsonReport
{
    public const int Version = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(Document(report), Options);
    }

    private static object Document(ExecutionReport r) => new
    {
        report_version = Version,
        execution = new
        {
            id = r.Id,
            kind = r.Kind,
            operation = r.Operation,
            from = r.From,
            to = r.To,
            drill_mode = r.DrillMode,
            drill_fault = r.DrillFault,
            outcome = Outcome(r.Outcome),
            problem = r.Problem,
            started = r.Started,
            finished = r.Finished,
            duration_seconds = r.ExecutionSeconds,
        },
        objectives = new { rto_seconds = r.Objectives.Rto.TotalSeconds, rpo_seconds = r.Objectives.Rpo.TotalSeconds },
        rto = new
        {
            verdict = VerdictKey(r.Rto.Verdict),
            objective_seconds = r.Rto.ObjectiveSeconds,
            measured_seconds = r.Rto.MeasuredSeconds,
            lower_bound = r.Rto.LowerBound,
            source = r.Rto.Source,
            last_success_before = r.ClientOutage?.LastSuccessBefore,
            first_success_after = r.ClientOutage?.FirstSuccessAfter,
            explanation = r.Rto.Explanation,
        },
        rpo = new
        {
            verdict = VerdictKey(r.Rpo.Verdict),
            objective_seconds = r.Rpo.ObjectiveSeconds,
            measured_seconds = r.Rpo.MeasuredSeconds,
            basis = r.Rpo.Basis,
            replica_lag_at_failure_seconds = r.Rpo.ReplicaLagAtFailureSeconds,
            replica_lag_at_failure_bytes = r.Rpo.ReplicaLagAtFailureBytes,
            lag_source = r.Rpo.LagSource,
            acknowledged_writes = r.Rpo.AcknowledgedWrites,
            lost_writes = r.Rpo.LostWrites,
            lost = r.Rpo.Lost.Select(w => new { @ref = w.Ref, at = w.At }),
            explanation = r.Rpo.Explanation,
        },
        detection = r.Detection is { } d ? new
        {
            last_healthy_at = d.LastHealthyAt,
            first_failure_at = d.FirstFailureAt,
            declared_down_at = d.DeclaredDownAt,
            detection_seconds = d.DetectionSeconds,
            verdict = d.Verdict,
            reason = d.Reason,
            votes = d.Votes.Select(v => new { vantage_point = v.VantagePoint, health = v.Health, consecutive_failures = v.ConsecutiveFailures, last_error = v.LastError }),
        } : null,
        decision = r.Decision,
        steps = r.Steps.Select(s => new
        {
            step = s.Step,
            outcome = Outcome(s.Outcome),
            start_offset_seconds = s.StartOffsetSeconds,
            duration_seconds = s.DurationSeconds,
            attempts = s.Attempts,
            detail = s.Detail,
        }),
        load = r.Load is { } l ? Load(l) : null,
        probes = r.Probes.Select(p => new { at = p.At, ok = p.Ok, latency_ms = p.LatencyMs, site = p.Site, error = p.Error }),
        smoke_checks = r.SmokeChecks.Select(c => new { name = c.Name, url = c.Url, passed = c.Passed, status = c.Status, latency_ms = c.LatencyMs, problem = c.Problem, at = c.At }),
        isolated = r.Isolated is { } i ? new
        {
            clone_name = i.CloneName,
            clone_lsn = i.CloneLsn,
            time_to_serving_seconds = i.TimeToServingSeconds,
            addresses = i.Addresses,
            standby_max_lag_seconds = i.StandbyMaxLagSeconds,
            standby_streamed_throughout = i.StandbyStreamedThroughout,
            entry_unchanged = i.EntryUnchanged,
            teardown_problem = i.TeardownProblem,
        } : null,
        notes = r.Notes,
        evidence_found = r.HasEvidence,
        not_measured = r.NotMeasured,
    };

    private static object Load(LoadSummary l) => new
    {
        rate = l.Rate,
        started = l.Started,
        ended = l.Ended,
        sent = l.Sent,
        acknowledged = l.Acknowledged,
        errors = l.Errors,
        errors_by_kind = l.ErrorsByKind.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value),
        latency = new { p50_ms = l.Latency.P50Ms, p90_ms = l.Latency.P90Ms, p99_ms = l.Latency.P99Ms, max_ms = l.Latency.MaxMs },
        ledger_path = l.LedgerPath,
        series = l.Series.Select(b => new { at = b.At, acknowledged = b.Acknowledged, errors = b.Errors, p50_ms = b.P50Ms, max_ms = b.MaxMs }),
    };
}
