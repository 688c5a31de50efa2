using System.Globalization;
using System.Text;
using static Pilotlight.Core.Reports.ReportText;

namespace Pilotlight.Core.Reports;

/// <summary>
/// A report as one self-contained HTML page, readable offline: inline CSS, SVG charts drawn by the code (no
/// script, no font, no image and no address fetched), every text escaped.
/// </summary>
internal static partial class HtmlReport
{
    public static string Render(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = new StringBuilder();
        o.AppendLine("<!DOCTYPE html>");
        o.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        o.AppendLine(CultureInfo.InvariantCulture, $"<title>{E(Title(report))} — Pilotlight report</title>");
        o.AppendLine(CultureInfo.InvariantCulture, $"<style>{Css}</style></head><body>");
        o.AppendLine(CultureInfo.InvariantCulture, $"<header><h1>{E(Title(report))}</h1><p class=\"meta\">Execution <code>{E(report.Id)}</code>, started {E(Time(report.Started))}, {(report.Finished is { } f ? $"finished {E(Time(f))}" : "not finished")}.</p>");
        if (report.Problem is { } problem)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"problem\">Journal corrupt: {E(problem)}</p>");
        }

        o.AppendLine("</header>");
        Objectives(o, report);
        o.AppendLine("<section id=\"timeline\"><h2>Timeline</h2>");
        o.AppendLine(CultureInfo.InvariantCulture, $"<figure>{TimelineChart.Render(report)}</figure></section>");
        if (report.Load is not null)
        {
            o.AppendLine("<section id=\"load\"><h2>Throughput and latency</h2>");
            o.AppendLine(CultureInfo.InvariantCulture, $"<figure>{LoadChart.Render(report)}</figure>");
            Load(o, report.Load);
            o.AppendLine("</section>");
        }
        else if (!report.Probes.IsEmpty)
        {
            o.AppendLine("<section id=\"probes\"><h2>Probes through the entry</h2>");
            o.AppendLine(CultureInfo.InvariantCulture, $"<figure>{ProbesChart.Render(report)}</figure></section>");
        }

        DataLoss(o, report.Rpo);
        Detection(o, report);
        Steps(o, report);
        Checks(o, report);
        List(o, "notes", "Notes", report.Notes);
        List(o, "not-measured", "Not measured", report.NotMeasured);
        o.AppendLine("<footer>Written by Pilotlight from the execution's journal and evidence.</footer>");
        o.AppendLine("</body></html>");
        return o.ToString();
    }

    private static void Objectives(StringBuilder o, ExecutionReport report)
    {
        o.AppendLine("<section id=\"objectives\"><h2>Objectives</h2><table><thead><tr><th>objective</th><th>target</th><th>measured</th><th>verdict</th><th>how</th></tr></thead><tbody>");
        o.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>{E(RtoLabel(report.Rto))}</td><td class=\"num\">{E(Objective(report.Rto.ObjectiveSeconds))}</td><td class=\"num\">{E(Measured(report.Rto))}</td><td>{Badge(report.Rto.Verdict, "rto")}</td><td>{E(report.Rto.Explanation)}</td></tr>");
        o.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>{E(RpoLabel(report.Rpo))}</td><td class=\"num\">{E(Objective(report.Rpo.ObjectiveSeconds))}</td><td class=\"num\">{E(Measured(report.Rpo))}</td><td>{Badge(report.Rpo.Verdict, "rpo")}</td><td>{E(report.Rpo.Explanation)}</td></tr>");
        o.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>detection (shown apart)</td><td></td><td class=\"num\">{(report.DetectionSeconds is { } d ? E(Seconds(d)) : "-")}</td><td></td><td>first failed probe to declared down</td></tr>");
        o.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>execution duration</td><td></td><td class=\"num\">{(report.ExecutionSeconds is { } e ? E(Seconds(e)) : "-")}</td><td></td><td>Pilotlight's work, not the client's RTO</td></tr>");
        o.AppendLine("</tbody></table></section>");
    }

    private static string Badge(ReportVerdict verdict, string which) =>
        $"<span id=\"{which}-verdict\" class=\"verdict verdict-{VerdictKey(verdict).Replace('_', '-')}\">{E(Verdict(verdict))}</span>";

    private static void Load(StringBuilder o, Evidence.LoadSummary load)
    {
        o.AppendLine("<table><thead><tr><th>rate</th><th>sent</th><th>acknowledged</th><th>errors</th><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr></thead><tbody>");
        o.AppendLine(Invariant($"<tr><td class=\"num\">{load.Rate:0.#}/s</td><td class=\"num\">{Number(load.Sent)}</td><td class=\"num\">{Number(load.Acknowledged)}</td><td class=\"num\">{Number(load.Errors)}</td><td class=\"num\">{Milliseconds(load.Latency.P50Ms)}</td><td class=\"num\">{Milliseconds(load.Latency.P90Ms)}</td><td class=\"num\">{Milliseconds(load.Latency.P99Ms)}</td><td class=\"num\">{Milliseconds(load.Latency.MaxMs)}</td></tr>"));
        o.AppendLine("</tbody></table>");
        if (!load.ErrorsByKind.IsEmpty)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"<p>Errors by kind: {E(string.Join(", ", load.ErrorsByKind.OrderByDescending(e => e.Value).Select(e => $"{e.Key}: {Number(e.Value)}")))}</p>");
        }
    }

    private static void DataLoss(StringBuilder o, RpoAssessment rpo)
    {
        if (rpo.ReplicaLagAtFailureSeconds is null && rpo.LostWrites is null)
        {
            return;
        }

        o.AppendLine("<section id=\"data-loss\"><h2>Data loss</h2><ul>");
        if (rpo.ReplicaLagAtFailureSeconds is { } lag)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"<li>Replica lag at the failure: {E(Seconds(lag))}{(rpo.ReplicaLagAtFailureBytes is { } b ? $", {E(Number(b))} bytes" : "")} (an upper-bound estimate{(rpo.LagSource is { } s ? $", from {E(s)}" : "")})</li>");
        }

        if (rpo.LostWrites is { } lost)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"<li>Acknowledged writes lost: {E(Number(lost))} of {E(Number(rpo.AcknowledgedWrites))}</li>");
        }

        o.AppendLine("</ul>");
        if (!rpo.Lost.IsEmpty)
        {
            o.AppendLine("<table id=\"lost-writes\"><thead><tr><th>acknowledged at</th><th>ref</th></tr></thead><tbody>");
            foreach (var write in rpo.Lost)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>{E(Time(write.At))}</td><td><code>{E(write.Ref)}</code></td></tr>");
            }

            o.AppendLine("</tbody></table>");
        }

        o.AppendLine("</section>");
    }

    private static void List(StringBuilder o, string id, string title, IReadOnlyCollection<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        o.AppendLine(CultureInfo.InvariantCulture, $"<section id=\"{id}\"><h2>{E(title)}</h2><ul>");
        foreach (var line in lines)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"<li>{E(line)}</li>");
        }

        o.AppendLine("</ul></section>");
    }

    private static string E(string? text) => Svg.Escape(text);
}
