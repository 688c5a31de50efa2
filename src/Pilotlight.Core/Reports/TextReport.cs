using System.Globalization;
using System.Text;
using static Pilotlight.Core.Reports.ReportText;

namespace Pilotlight.Core.Reports;

/// <summary>A report for a terminal, about 100 columns wide.</summary>
internal static class TextReport
{
    private const int Width = 100;

    /// <summary>Lost writes listed in text; the JSON lists every one the evidence holds.</summary>
    public const int LostShown = 20;

    public static string Render(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = new StringBuilder();
        o.AppendLine(CultureInfo.InvariantCulture, $"{Title(report)}  ({report.Id})");
        o.AppendLine(report.Finished is { } finished
            ? $"started {Time(report.Started)}, finished {Time(finished)}"
            : $"started {Time(report.Started)}, not finished");
        if (report.Problem is { } problem)
        {
            Wrapped(o, "journal corrupt: ", problem);
        }

        o.AppendLine();
        o.AppendLine(Invariant($"{"objective",-34} {"target",9}  {"measured",-14} verdict"));
        o.AppendLine(Invariant($"{RtoLabel(report.Rto),-34} {Objective(report.Objectives.Rto.TotalSeconds),9}  {Measured(report.Rto),-14} {Verdict(report.Rto.Verdict)}"));
        o.AppendLine(Invariant($"{RpoLabel(report.Rpo),-34} {Objective(report.Objectives.Rpo.TotalSeconds),9}  {Measured(report.Rpo),-14} {Verdict(report.Rpo.Verdict)}"));
        o.AppendLine(Invariant($"{"detection (shown apart)",-34} {"",9}  {(report.DetectionSeconds is { } d ? Seconds(d) : "-"),-14} first failed probe to declared down"));
        o.AppendLine(Invariant($"{"execution duration",-34} {"",9}  {(report.ExecutionSeconds is { } e ? Seconds(e) : "-"),-14} Pilotlight's work, not the client's RTO"));
        Wrapped(o, "RTO: ", report.Rto.Explanation);
        Wrapped(o, "RPO: ", report.Rpo.Explanation);
        WriteDataLoss(o, report.Rpo);
        WriteDetection(o, report);
        WriteSteps(o, report);
        WriteLoad(o, report);
        WriteChecks(o, report);
        Section(o, "Notes", report.Notes);
        Section(o, "Not measured", report.NotMeasured);
        return o.ToString();
    }

    private static void WriteDataLoss(StringBuilder o, RpoAssessment rpo)
    {
        if (rpo.ReplicaLagAtFailureSeconds is { } lag)
        {
            o.AppendLine(Invariant($"  replica lag at the failure: {Seconds(lag)}{(rpo.ReplicaLagAtFailureBytes is { } b ? $", {Number(b)} bytes" : "")} (an upper-bound estimate{(rpo.LagSource is { } s ? $", from {s}" : "")})"));
        }

        if (rpo.LostWrites is { } lost)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"  acknowledged writes lost: {Number(lost)} of {Number(rpo.AcknowledgedWrites)}");
            foreach (var write in rpo.Lost.Take(LostShown))
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"    {Time(write.At)}  {write.Ref}");
            }

            if (lost > Math.Min(rpo.Lost.Length, LostShown))
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"    … and {Number(lost - Math.Min(rpo.Lost.Length, LostShown))} more{(lost > rpo.Lost.Length ? $" ({Number(rpo.Lost.Length)} listed in the evidence)" : "")}");
            }
        }
    }

    private static void WriteDetection(StringBuilder o, ExecutionReport report)
    {
        if (report.Detection is null && report.Decision.IsEmpty)
        {
            return;
        }

        o.AppendLine();
        o.AppendLine("Detection and decision");
        if (report.Detection is { } detection)
        {
            Wrapped(o, "  ", $"last healthy {(detection.LastHealthyAt is { } h ? Time(h) : "unknown")}, first failure {Time(detection.FirstFailureAt)}, declared down {Time(detection.DeclaredDownAt)} ({Seconds(detection.DetectionSeconds)})");
            Wrapped(o, "  verdict: ", $"{detection.Verdict}: {detection.Reason}");
            o.AppendLine(Invariant($"  {"vantage point",-20} {"health",-12} {"failures",8}  last error"));
            foreach (var vote in detection.Votes)
            {
                o.AppendLine(Fit(Invariant($"  {vote.VantagePoint,-20} {vote.Health,-12} {vote.ConsecutiveFailures,8}  {vote.LastError ?? "-"}")));
            }
        }

        foreach (var note in report.Decision)
        {
            Wrapped(o, "  ", note);
        }
    }

    private static void WriteSteps(StringBuilder o, ExecutionReport report)
    {
        o.AppendLine();
        o.AppendLine("Steps");
        if (report.Steps.IsEmpty)
        {
            o.AppendLine("  none journaled");
            return;
        }

        o.AppendLine(Invariant($"  {"step",-22} {"start",9} {"duration",9} {"tries",5}  {"outcome",-12} detail"));
        foreach (var step in report.Steps)
        {
            var head = Invariant($"  {step.Step,-22} {"+" + step.StartOffsetSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),9} {(step.DurationSeconds is { } d ? d.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "-"),9} {step.Attempts,5}  {Outcome(step.Outcome),-12} ");
            var detail = step.Detail ?? "";
            if (head.Length + detail.Length <= Width)
            {
                o.AppendLine((head + detail).TrimEnd());
            }
            else
            {
                o.AppendLine(head.TrimEnd());
                Wrapped(o, "      ", detail);
            }
        }
    }

    private static void WriteLoad(StringBuilder o, ExecutionReport report)
    {
        if (report.Load is { } load)
        {
            o.AppendLine();
            o.AppendLine(Invariant($"Load: {load.Rate:0.#} writes/s from {Time(load.Started)} for {Seconds((load.Ended - load.Started).TotalSeconds)}"));
            o.AppendLine(CultureInfo.InvariantCulture, $"  sent {Number(load.Sent)}, acknowledged {Number(load.Acknowledged)}, errors {Number(load.Errors)}{(load.ErrorsByKind.IsEmpty ? "" : " (" + string.Join(", ", load.ErrorsByKind.OrderByDescending(e => e.Value).Select(e => $"{e.Key}: {Number(e.Value)}")) + ")")}");
            o.AppendLine(CultureInfo.InvariantCulture, $"  latency p50 {Milliseconds(load.Latency.P50Ms)}, p90 {Milliseconds(load.Latency.P90Ms)}, p99 {Milliseconds(load.Latency.P99Ms)}, max {Milliseconds(load.Latency.MaxMs)}");
            if (load.LedgerPath is { } ledger)
            {
                Wrapped(o, "  ledger: ", ledger);
            }
        }

        if (!report.Probes.IsEmpty)
        {
            var failed = report.Probes.Count(p => !p.Ok);
            var ok = report.Probes.Where(p => p.Ok).Select(p => p.LatencyMs).ToList();
            o.AppendLine();
            o.AppendLine(CultureInfo.InvariantCulture, $"Probes through the entry: {Number(report.Probes.Length)}, {Number(failed)} failed, from {Time(report.Probes[0].At)} to {Time(report.Probes[^1].At)}");
            if (ok.Count > 0)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"  answered in {Milliseconds(ok.Min())} to {Milliseconds(ok.Max())}; sites: {string.Join(", ", report.Probes.Where(p => p.Site is not null).Select(p => p.Site).Distinct())}");
            }
        }
    }

    private static void WriteChecks(StringBuilder o, ExecutionReport report)
    {
        if (!report.SmokeChecks.IsEmpty)
        {
            o.AppendLine();
            o.AppendLine("Smoke checks");
            foreach (var check in report.SmokeChecks)
            {
                o.AppendLine(Fit($"  {(check.Passed ? "pass" : "FAIL"),-5} {check.Name,-20} {check.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",4} {Milliseconds(check.LatencyMs),10}  {check.Url}{(check.Problem is { } p ? $": {p}" : "")}"));
            }
        }

        if (report.Isolated is { } isolated)
        {
            o.AppendLine();
            o.AppendLine(CultureInfo.InvariantCulture, $"Isolated drill: clone {isolated.CloneName}{(isolated.CloneLsn is { } lsn ? $" at {lsn}" : "")}");
            o.AppendLine(CultureInfo.InvariantCulture, $"  time to serving {Seconds(isolated.TimeToServingSeconds)}; standby lag max {Seconds(isolated.StandbyMaxLagSeconds)}; standby streamed throughout: {(isolated.StandbyStreamedThroughout ? "yes" : "NO")}; entry unchanged: {(isolated.EntryUnchanged ? "yes" : "NO")}");
            if (!isolated.Addresses.IsEmpty)
            {
                Wrapped(o, "  served at ", string.Join(", ", isolated.Addresses));
            }

            Wrapped(o, "  teardown: ", isolated.TeardownProblem ?? "everything torn down");
        }
    }

    private static void Section(StringBuilder o, string title, IReadOnlyCollection<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        o.AppendLine();
        o.AppendLine(title);
        foreach (var line in lines)
        {
            Wrapped(o, "  ", line);
        }
    }

    private static string Fit(string line) => line.Length <= Width ? line.TrimEnd() : line[..(Width - 1)] + "…";

    /// <summary>Text after a prefix, wrapped at word boundaries to the width, continuation lines indented under the text.</summary>
    private static void Wrapped(StringBuilder o, string prefix, string text)
    {
        var indent = new string(' ', Math.Min(prefix.Length, 8));
        var line = new StringBuilder(prefix);
        var empty = true;
        foreach (var word in text.ReplaceLineEndings(" ").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                o.AppendLine(line.ToString());
                line.Clear().Append(indent);
                empty = true;
            }

            line.Append(empty ? "" : " ").Append(word);
            empty = false;
        }

        o.AppendLine(line.ToString().TrimEnd());
    }
}
