using System.Globalization;
using System.Text;
using static Pilotlight.Core.Reports.ReportText;

namespace Pilotlight.Core.Reports;

/// <summary>A report as GitHub markdown: a heading, then tables.</summary>
internal static class MarkdownReport
{
    public static string Render(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = new StringBuilder();
        o.AppendLine(CultureInfo.InvariantCulture, $"# {Cell(Title(report))}").AppendLine();
        o.AppendLine(CultureInfo.InvariantCulture, $"Execution `{report.Id}`, started {Time(report.Started)}, {(report.Finished is { } f ? $"finished {Time(f)}" : "not finished")}.");
        if (report.Problem is { } problem)
        {
            o.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"**Journal corrupt:** {Cell(problem)}");
        }

        o.AppendLine().AppendLine("## Objectives").AppendLine();
        o.AppendLine("| objective | target | measured | verdict | how |");
        o.AppendLine("|---|---:|---:|---|---|");
        o.AppendLine(CultureInfo.InvariantCulture, $"| {RtoLabel(report.Rto)} | {Objective(report.Objectives.Rto.TotalSeconds)} | {Measured(report.Rto)} | **{Verdict(report.Rto.Verdict)}** | {Cell(report.Rto.Explanation)} |");
        o.AppendLine(CultureInfo.InvariantCulture, $"| {RpoLabel(report.Rpo)} | {Objective(report.Objectives.Rpo.TotalSeconds)} | {Measured(report.Rpo)} | **{Verdict(report.Rpo.Verdict)}** | {Cell(report.Rpo.Explanation)} |");
        o.AppendLine(CultureInfo.InvariantCulture, $"| detection (shown apart) | | {(report.DetectionSeconds is { } d ? Seconds(d) : "-")} | | first failed probe to declared down |");
        o.AppendLine(CultureInfo.InvariantCulture, $"| execution duration | | {(report.ExecutionSeconds is { } e ? Seconds(e) : "-")} | | Pilotlight's work, not the client's RTO |");

        var rpo = report.Rpo;
        if (rpo.ReplicaLagAtFailureSeconds is not null || rpo.LostWrites is not null)
        {
            o.AppendLine().AppendLine("## Data loss").AppendLine();
            if (rpo.ReplicaLagAtFailureSeconds is { } lag)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"- replica lag at the failure: {Seconds(lag)}{(rpo.ReplicaLagAtFailureBytes is { } b ? $", {Number(b)} bytes" : "")} (an upper-bound estimate{(rpo.LagSource is { } s ? $", from {Cell(s)}" : "")})");
            }

            if (rpo.LostWrites is { } lost)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"- acknowledged writes lost: {Number(lost)} of {Number(rpo.AcknowledgedWrites)}");
                if (!rpo.Lost.IsEmpty)
                {
                    o.AppendLine().AppendLine("| acknowledged at | ref |").AppendLine("|---|---|");
                    foreach (var write in rpo.Lost.Take(TextReport.LostShown))
                    {
                        o.AppendLine(CultureInfo.InvariantCulture, $"| {Time(write.At)} | {Cell(write.Ref)} |");
                    }

                    if (lost > Math.Min(rpo.Lost.Length, TextReport.LostShown))
                    {
                        o.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"… and {Number(lost - Math.Min(rpo.Lost.Length, TextReport.LostShown))} more (the JSON report lists every one the evidence holds).");
                    }
                }
            }
        }

        if (report.Detection is { } detection)
        {
            o.AppendLine().AppendLine("## Detection and decision").AppendLine();
            o.AppendLine(CultureInfo.InvariantCulture, $"Last healthy {(detection.LastHealthyAt is { } h ? Time(h) : "unknown")}, first failure {Time(detection.FirstFailureAt)}, declared down {Time(detection.DeclaredDownAt)}. Verdict **{Cell(detection.Verdict)}**: {Cell(detection.Reason)}").AppendLine();
            o.AppendLine("| vantage point | health | consecutive failures | last error |").AppendLine("|---|---|---:|---|");
            foreach (var vote in detection.Votes)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(vote.VantagePoint)} | {Cell(vote.Health)} | {vote.ConsecutiveFailures} | {Cell(vote.LastError ?? "-")} |");
            }
        }

        if (!report.Decision.IsEmpty)
        {
            o.AppendLine();
            foreach (var note in report.Decision)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(note)}");
            }
        }

        o.AppendLine().AppendLine("## Steps").AppendLine();
        o.AppendLine("| step | start | duration | attempts | outcome | detail |").AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var s in report.Steps)
        {
            o.AppendLine(Invariant($"| {Cell(s.Step)} | +{s.StartOffsetSeconds:0.000} s | {(s.DurationSeconds is { } sd ? Seconds(sd) : "-")} | {s.Attempts} | {Outcome(s.Outcome)} | {Cell(s.Detail ?? "")} |"));
        }

        WriteMeasurements(o, report);
        List(o, "Notes", report.Notes);
        List(o, "Not measured", report.NotMeasured);
        return o.ToString();
    }

    private static void WriteMeasurements(StringBuilder o, ExecutionReport report)
    {
        if (report.Load is { } load)
        {
            o.AppendLine().AppendLine("## Load").AppendLine();
            o.AppendLine("| rate | sent | acknowledged | errors | p50 | p90 | p99 | max |").AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            o.AppendLine(Invariant($"| {load.Rate:0.#}/s | {Number(load.Sent)} | {Number(load.Acknowledged)} | {Number(load.Errors)} | {Milliseconds(load.Latency.P50Ms)} | {Milliseconds(load.Latency.P90Ms)} | {Milliseconds(load.Latency.P99Ms)} | {Milliseconds(load.Latency.MaxMs)} |"));
        }

        if (!report.Probes.IsEmpty)
        {
            o.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Probes through the entry: {Number(report.Probes.Length)}, {Number(report.Probes.Count(p => !p.Ok))} failed.");
        }

        if (!report.SmokeChecks.IsEmpty)
        {
            o.AppendLine().AppendLine("## Smoke checks").AppendLine();
            o.AppendLine("| check | url | result | status | latency | problem |").AppendLine("|---|---|---|---:|---:|---|");
            foreach (var c in report.SmokeChecks)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(c.Name)} | {Cell(c.Url)} | {(c.Passed ? "pass" : "**FAIL**")} | {(c.Status is { } st ? st.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")} | {Milliseconds(c.LatencyMs)} | {Cell(c.Problem ?? "")} |");
            }
        }

        if (report.Isolated is { } i)
        {
            o.AppendLine().AppendLine("## Isolated drill").AppendLine();
            o.AppendLine("| clone | time to serving | standby lag max | standby streamed throughout | entry unchanged | teardown |").AppendLine("|---|---:|---:|---|---|---|");
            o.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(i.CloneName)} | {Seconds(i.TimeToServingSeconds)} | {Seconds(i.StandbyMaxLagSeconds)} | {(i.StandbyStreamedThroughout ? "yes" : "**no**")} | {(i.EntryUnchanged ? "yes" : "**no**")} | {Cell(i.TeardownProblem ?? "everything torn down")} |");
        }
    }

    private static void List(StringBuilder o, string title, IReadOnlyCollection<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        o.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine();
        foreach (var line in lines)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(line)}");
        }
    }

    /// <summary>Text safe inside a table cell: no line breaks, pipes and markup escaped.</summary>
    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal);
}
