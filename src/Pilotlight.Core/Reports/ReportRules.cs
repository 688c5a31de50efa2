using System.Globalization;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Reports;

/// <summary>
/// The pass/fail rule of a report. PASS only when measured and within the objective; FAIL when measured (or bounded
/// from below) beyond it; NOT MEASURED otherwise — a report never passes an objective nothing measured. For the RPO
/// an estimate of the data lost is never lower than the truth: the loss window runs from the earliest lost write to
/// the failure, and is never shorter than the lost writes' own span or the replica's lag at the failure.
/// </summary>
internal static class ReportRules
{
    public static RtoAssessment AssessRto(ExecutionEvidence? evidence, double objective)
    {
        if (evidence is null)
        {
            return new RtoAssessment(ReportVerdict.NotMeasured, objective, null, null, "not measured: no evidence of what clients saw");
        }

        if (evidence.ClientOutage is not { } outage)
        {
            var why = evidence.Isolated is { TimeToServingSeconds: { } serving }
                ? Invariant($"not measured: an isolated drill switches no client (the clone served after {serving:0.000} s)")
                : "not measured: neither a write ledger nor entry probes measured the outage";
            return new RtoAssessment(ReportVerdict.NotMeasured, objective, null, null, why);
        }

        if (outage.Seconds is { } seconds)
        {
            return seconds <= objective
                ? new RtoAssessment(ReportVerdict.Pass, objective, seconds, outage.Source, Invariant($"{seconds:0.000} s seen by clients ({outage.Source}), within the {objective:0.###} s objective"))
                : new RtoAssessment(ReportVerdict.Fail, objective, seconds, outage.Source, Invariant($"{seconds:0.000} s seen by clients ({outage.Source}), beyond the {objective:0.###} s objective"));
        }

        if (outage.LastSuccessBefore is not { } before)
        {
            return new RtoAssessment(ReportVerdict.NotMeasured, objective, null, outage.Source, $"not measured: the {outage.Source} saw no success before the outage");
        }

        // Never seen serving again: the outage lasted at least until the last observation, which fails only once it is beyond the objective.
        var lastSeen = LastObservation(evidence);
        var atLeast = lastSeen is { } last && last > before ? (last - before).TotalSeconds : (double?)null;
        return atLeast is { } bound && bound > objective
            ? new RtoAssessment(ReportVerdict.Fail, objective, bound, outage.Source, Invariant($"at least {bound:0.000} s: the {outage.Source} saw no success after the outage, beyond the {objective:0.###} s objective")) { LowerBound = true }
            : new RtoAssessment(ReportVerdict.NotMeasured, objective, atLeast, outage.Source, $"not measured: the {outage.Source} saw no success after the outage{(atLeast is { } b ? Invariant($" (at least {b:0.000} s so far)") : "")}") { LowerBound = atLeast is not null };
    }

    public static RpoAssessment AssessRpo(ExecutionResult result, ExecutionEvidence? evidence, double objective)
    {
        if (evidence?.DataLoss is not { } loss)
        {
            return new RpoAssessment(ReportVerdict.NotMeasured, objective, null, null, evidence is null
                ? "not measured: no evidence of the data lost"
                : "not measured: neither the replica's lag at the failure nor a write ledger was recorded");
        }

        var known = new RpoAssessment(ReportVerdict.NotMeasured, objective, null, null, "")
        {
            ReplicaLagAtFailureSeconds = loss.ReplicaLagAtFailureSeconds,
            ReplicaLagAtFailureBytes = loss.ReplicaLagAtFailureBytes,
            LagSource = loss.LagSource,
            AcknowledgedWrites = loss.AcknowledgedWrites,
            LostWrites = loss.LostWrites,
            Lost = loss.Lost,
        };
        var lag = loss.ReplicaLagAtFailureSeconds;
        if (loss.LostWrites is > 0 and var lost)
        {
            var failure = evidence.Detection?.FirstFailureAt ?? result.Started;
            double? window = lag;
            if (!loss.Lost.IsEmpty)
            {
                // From the earliest lost write to the later of the failure and the last lost write (a switchover's
                // failure instant may precede a write lost during it), never below the lag, never zero: data was lost.
                var earliest = loss.Lost.Min(w => w.At);
                var latest = loss.Lost.Max(w => w.At);
                var end = failure > latest ? failure : latest;
                window = Math.Max(Math.Max((end - earliest).TotalSeconds, lag ?? 0), 0.001);
            }

            var what = Invariant($"{lost} of {loss.AcknowledgedWrites?.ToString(CultureInfo.InvariantCulture) ?? "?"} acknowledged writes lost");
            if (window is { } w)
            {
                return known with
                {
                    Verdict = w <= objective ? ReportVerdict.Pass : ReportVerdict.Fail,
                    MeasuredSeconds = w,
                    Basis = "ledger",
                    Explanation = Invariant($"{what}: a loss window of {w:0.000} s, {(w <= objective ? "within" : "beyond")} the {objective:0.###} s objective"),
                };
            }

            return objective <= 0
                ? known with { Verdict = ReportVerdict.Fail, Basis = "ledger", Explanation = $"{what}, beyond the 0 s objective" }
                : known with { Basis = "ledger", Explanation = $"not measured: {what}, at times not recorded and with no replica lag to bound them" };
        }

        if (loss.LostWrites == 0 && loss.AcknowledgedWrites > 0)
        {
            return known with
            {
                Verdict = ReportVerdict.Pass,
                MeasuredSeconds = 0,
                Basis = "ledger",
                Explanation = Invariant($"no acknowledged write lost (all {loss.AcknowledgedWrites?.ToString(CultureInfo.InvariantCulture) ?? "?"} found), within the {objective:0.###} s objective"),
            };
        }

        if (lag is { } estimate)
        {
            return known with
            {
                Verdict = estimate <= objective ? ReportVerdict.Pass : ReportVerdict.Fail,
                MeasuredSeconds = estimate,
                Basis = "replica lag",
                Explanation = Invariant($"no ledger; the replica's lag at the failure, {estimate:0.000} s (an upper-bound estimate), is {(estimate <= objective ? "within" : "beyond")} the {objective:0.###} s objective"),
            };
        }

        return known with { Explanation = "not measured: neither the replica's lag at the failure nor a write ledger was recorded" };
    }

    private static DateTimeOffset? LastObservation(ExecutionEvidence evidence)
    {
        DateTimeOffset? last = null;
        foreach (var at in evidence.Probes.Select(p => p.At).Concat(evidence.Load?.Series.Select(b => b.At) ?? []).Append(evidence.Load?.Ended ?? DateTimeOffset.MinValue))
        {
            if (at != DateTimeOffset.MinValue && (last is null || at > last))
            {
                last = at;
            }
        }

        return last;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
