using System.Globalization;
using System.Text;
using static Pilotlight.Core.Reports.ReportText;

namespace Pilotlight.Core.Reports;

/// <summary>The HTML report's tables of detection, steps, smoke checks and the isolated drill, and its style sheet.</summary>
internal static partial class HtmlReport
{
    private const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;margin:24px auto;max-width:1000px;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d6dbe0;padding-bottom:4px}
        .meta{color:#5b6672;margin:0}.problem{color:#b3261e;font-weight:600}
        table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #d6dbe0;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f2f4f6;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
        .verdict{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:700;font-size:12px;white-space:nowrap}
        .verdict-pass{background:#dff3e4;color:#1e6b34}.verdict-fail{background:#fbe0de;color:#9d1c13}.verdict-not-measured{background:#eceff2;color:#4b5561}
        figure{margin:8px 0;overflow-x:auto}svg.chart{display:block;background:#fff;border:1px solid #e3e7eb}
        svg text{font:11px system-ui,sans-serif;fill:#36404a}svg .legend{font-size:12px}svg .empty{font-style:italic;fill:#5b6672}
        svg .axis-line{stroke:#7b8794;stroke-width:1}svg .tick{stroke:#7b8794}svg .grid{stroke:#eef1f4;stroke-width:1}
        svg .outcome-succeeded{fill:#2e9d57}svg .outcome-already-done{fill:#7fb8e0}svg .outcome-failed{fill:#d93b30}svg .outcome-running{fill:#e0a526}
        svg .outage-span{fill:#d93b30;fill-opacity:.13;stroke:#d93b30;stroke-opacity:.5;stroke-dasharray:4 3}
        svg .detection-span{fill:#e0a526;fill-opacity:.22;stroke:#c48a12;stroke-opacity:.6}
        svg .acked-bar{fill:#4c8bd6}svg .error-bar{fill:#d93b30}svg .probe-ok{fill:#2e9d57}svg .probe-failed{fill:#d93b30}
        svg .latency-line{fill:none;stroke-width:1.6}svg .latency-p50,svg .probe-latency{stroke:#1d232a}svg .latency-max{stroke:#9b59b6;stroke-dasharray:5 3}
        svg rect.legend-line.latency-p50,svg rect.legend-line.probe-latency{fill:#1d232a}svg rect.legend-line.latency-max{fill:#9b59b6}
        footer{margin:32px 0 8px;color:#5b6672;font-size:12px}
        """;

    private static void Detection(StringBuilder o, ExecutionReport report)
    {
        if (report.Detection is null && report.Decision.IsEmpty)
        {
            return;
        }

        o.AppendLine("<section id=\"detection\"><h2>Detection and decision</h2>");
        if (report.Detection is { } d)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"<p>Last healthy {(d.LastHealthyAt is { } h ? E(Time(h)) : "unknown")}, first failure {E(Time(d.FirstFailureAt))}, declared down {E(Time(d.DeclaredDownAt))} ({E(Seconds(d.DetectionSeconds))}). Verdict <strong>{E(d.Verdict)}</strong>: {E(d.Reason)}</p>");
            o.AppendLine("<table id=\"votes\"><thead><tr><th>vantage point</th><th>health</th><th>consecutive failures</th><th>last error</th></tr></thead><tbody>");
            foreach (var vote in d.Votes)
            {
                o.AppendLine(Invariant($"<tr><td>{E(vote.VantagePoint)}</td><td>{E(vote.Health)}</td><td class=\"num\">{vote.ConsecutiveFailures}</td><td>{E(vote.LastError ?? "-")}</td></tr>"));
            }

            o.AppendLine("</tbody></table>");
        }

        if (!report.Decision.IsEmpty)
        {
            o.AppendLine("<ul class=\"decision\">");
            foreach (var note in report.Decision)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"<li>{E(note)}</li>");
            }

            o.AppendLine("</ul>");
        }

        o.AppendLine("</section>");
    }

    private static void Steps(StringBuilder o, ExecutionReport report)
    {
        o.AppendLine("<section id=\"steps\"><h2>Steps</h2><table><thead><tr><th>step</th><th>start</th><th>duration</th><th>attempts</th><th>outcome</th><th>detail</th></tr></thead><tbody>");
        foreach (var s in report.Steps)
        {
            o.AppendLine(Invariant($"<tr class=\"step outcome-{Outcome(s.Outcome)}\"><td><code>{E(s.Step)}</code></td><td class=\"num\">+{s.StartOffsetSeconds:0.000} s</td><td class=\"num\">{(s.DurationSeconds is { } d ? E(Seconds(d)) : "-")}</td><td class=\"num\">{s.Attempts}</td><td>{E(Outcome(s.Outcome))}</td><td>{E(s.Detail)}</td></tr>"));
        }

        if (report.Steps.IsEmpty)
        {
            o.AppendLine("<tr><td colspan=\"6\">none journaled</td></tr>");
        }

        o.AppendLine("</tbody></table></section>");
    }

    private static void Checks(StringBuilder o, ExecutionReport report)
    {
        if (!report.SmokeChecks.IsEmpty)
        {
            o.AppendLine("<section id=\"smoke-checks\"><h2>Smoke checks</h2><table><thead><tr><th>check</th><th>url</th><th>result</th><th>status</th><th>latency</th><th>problem</th></tr></thead><tbody>");
            foreach (var c in report.SmokeChecks)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Name)}</td><td><code>{E(c.Url)}</code></td><td>{(c.Passed ? "pass" : "<strong>FAIL</strong>")}</td><td class=\"num\">{(c.Status is { } st ? E(st.ToString(System.Globalization.CultureInfo.InvariantCulture)) : "-")}</td><td class=\"num\">{E(Milliseconds(c.LatencyMs))}</td><td>{E(c.Problem)}</td></tr>");
            }

            o.AppendLine("</tbody></table></section>");
        }

        if (report.Isolated is { } i)
        {
            o.AppendLine("<section id=\"isolated\"><h2>Isolated drill</h2><table><tbody>");
            o.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>clone</th><td>{E(i.CloneName)}{(i.CloneLsn is { } lsn ? $" at {E(lsn)}" : "")}</td></tr>");
            o.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>time to serving</th><td>{E(Seconds(i.TimeToServingSeconds))}</td></tr>");
            o.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>served at</th><td>{E(string.Join(", ", i.Addresses))}</td></tr>");
            o.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>standby lag max</th><td>{E(Seconds(i.StandbyMaxLagSeconds))}</td></tr>");
            o.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>standby streamed throughout</th><td>{(i.StandbyStreamedThroughout ? "yes" : "<strong>no</strong>")}</td></tr>");
            o.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>entry unchanged</th><td>{(i.EntryUnchanged ? "yes" : "<strong>no</strong>")}</td></tr>");
            o.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>teardown</th><td>{E(i.TeardownProblem ?? "everything torn down")}</td></tr>");
            o.AppendLine("</tbody></table></section>");
        }
    }
}
