using static Pilotlight.Core.Reports.ReportText;

namespace Pilotlight.Core.Reports;

/// <summary>
/// The probes chart (<c>svg#probes-chart</c>), drawn when no load ran: each probe through the entry as a mark, ok
/// above and failed below, and the answered probes' latency as a line, the client outage marked behind.
/// </summary>
internal static class ProbesChart
{
    private const double Width = 960;
    private const double Left = 64;
    private const double Right = 72;
    private const double Top = 40;
    private const double PlotHeight = 200;
    private const double Strip = 28;

    public static string Render(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        double Rel(DateTimeOffset at) => (at - report.Started).TotalSeconds;
        var probes = report.Probes;
        var plotBottom = Top + PlotHeight;
        var bottom = plotBottom + (2 * Strip);
        var failed = probes.Count(p => !p.Ok);
        var svg = new Svg("probes-chart", "chart probes-chart", Width, bottom + 40, "Probes through the entry",
            $"{probes.Length} probes, {failed} failed: ok and failed over time, latency of the answered ones in ms");
        LoadChart.Legend(svg, [("probe-ok", "answered"), ("probe-failed", "failed"), ("probe-latency legend-line", "latency"), ("outage-span", "client outage")]);
        if (probes.IsEmpty)
        {
            svg.Text(Left, Top + 20, "no probes were recorded", "empty");
            return svg.ToString();
        }

        var from = probes.Min(p => Rel(p.At));
        var to = Math.Max(probes.Max(p => Rel(p.At)), from + 1);
        var pad = (to - from) * 0.02;
        var x = new ChartScale(from - pad, to + pad, Left, Width - Right);
        var ms = ChartScale.Values(probes.Where(p => p.Ok).Select(p => p.LatencyMs).DefaultIfEmpty(1).Max(), plotBottom, Top);

        LoadChart.Outage(svg, report, x, Top, bottom);
        ChartAxes.Time(svg, x, Top, bottom);
        ChartAxes.Values(svg, ms, Width - Right, right: true, "ms", "latency-axis");
        svg.Text(Left - 8, plotBottom + (Strip / 2) + 4, "ok", "strip-label", "end");
        svg.Text(Left - 8, plotBottom + Strip + (Strip / 2) + 4, "failed", "strip-label", "end");

        var mark = Math.Clamp((Width - Left - Right) / probes.Length * 0.8, 1.5, 8);
        svg.Group("probe-marks");
        foreach (var probe in probes)
        {
            var px = x.Map(Rel(probe.At));
            var y = probe.Ok ? plotBottom + 6 : plotBottom + Strip + 6;
            svg.Rect(px - (mark / 2), y, mark, Strip - 12, probe.Ok ? "probe-ok" : "probe-failed",
                Invariant($"+{Rel(probe.At):0.000} s: {(probe.Ok ? $"ok in {probe.LatencyMs:0.0} ms" : $"failed: {probe.Error ?? "no answer"}")}{(probe.Site is { } site ? $" (site {site})" : "")}"));
        }

        svg.EndGroup();
        svg.Path(probes.Select(p => p.Ok ? (x.Map(Rel(p.At)), ms.Map(p.LatencyMs)) : ((double, double)?)null), "latency-line probe-latency", "latency of answered probes (ms)");
        return svg.ToString();
    }
}
