using static Pilotlight.Core.Reports.ReportText;

namespace Pilotlight.Core.Reports;

/// <summary>
/// The load chart (<c>svg#load-chart</c>): writes acknowledged and failed per second as stacked bars on the left
/// axis, the acknowledged writes' p50 and max latency as lines on the right axis, the client outage marked behind.
/// </summary>
internal static class LoadChart
{
    private const double Width = 960;
    private const double Left = 64;
    private const double Right = 72;
    private const double Top = 40;
    private const double PlotHeight = 240;

    public static string Render(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var load = report.Load ?? throw new ArgumentException("the report has no load", nameof(report));
        double Rel(DateTimeOffset at) => (at - report.Started).TotalSeconds;
        var series = load.Series;
        var bottom = Top + PlotHeight;
        var svg = new Svg("load-chart", "chart load-chart", Width, bottom + 40, "Throughput and latency of the load",
            Invariant($"{series.Length} seconds of load at {load.Rate:0.#} writes/s: acknowledged and failed writes per second, p50 and max latency in ms"));
        Legend(svg, [("acked-bar", "acknowledged/s"), ("error-bar", "errors/s"), ("latency-p50 legend-line", "p50 latency"), ("latency-max legend-line", "max latency"), ("outage-span", "client outage")]);
        if (series.IsEmpty)
        {
            svg.Text(Left, Top + 20, "the load recorded no per-second series", "empty");
            return svg.ToString();
        }

        var from = Math.Min(Rel(series[0].At), Rel(load.Started));
        var to = Math.Max(series.Max(b => Rel(b.At)) + 1, Rel(load.Ended));
        var x = new ChartScale(from, Math.Max(to, from + 1), Left, Width - Right);
        var count = ChartScale.Values(series.Max(b => b.Acknowledged + b.Errors), bottom, Top);
        var latencyMax = series.Select(b => Math.Max(b.MaxMs ?? 0, b.P50Ms ?? 0)).Max();
        var ms = ChartScale.Values(latencyMax, bottom, Top);

        Outage(svg, report, x, Top, bottom);
        ChartAxes.Time(svg, x, Top, bottom);
        ChartAxes.Values(svg, count, Left, right: false, "writes/s", "count-axis");
        ChartAxes.Values(svg, ms, Width - Right, right: true, "ms", "latency-axis");

        svg.Group("bars");
        foreach (var bucket in series)
        {
            var left = x.Map(Rel(bucket.At));
            var width = Math.Max(x.Map(Rel(bucket.At) + 1) - left - 1, 1);
            var ackTop = count.Map(bucket.Acknowledged);
            var tip = Invariant($"+{Rel(bucket.At):0} s: {bucket.Acknowledged} acknowledged, {bucket.Errors} errors, p50 {Milliseconds(bucket.P50Ms)}, max {Milliseconds(bucket.MaxMs)}");
            if (bucket.Acknowledged > 0)
            {
                svg.Rect(left, ackTop, width, bottom - ackTop, "acked-bar", tip);
            }

            if (bucket.Errors > 0)
            {
                var errTop = count.Map(bucket.Acknowledged + bucket.Errors);
                svg.Rect(left, errTop, width, ackTop - errTop, "error-bar", tip);
            }
        }

        svg.EndGroup();
        svg.Path(series.Select(b => b.P50Ms is { } p ? (x.Map(Rel(b.At) + 0.5), ms.Map(p)) : ((double, double)?)null), "latency-line latency-p50", "p50 latency (ms)");
        svg.Path(series.Select(b => b.MaxMs is { } m ? (x.Map(Rel(b.At) + 0.5), ms.Map(m)) : ((double, double)?)null), "latency-line latency-max", "max latency (ms)");
        return svg.ToString();
    }

    internal static void Legend(Svg svg, IEnumerable<(string CssClass, string Label)> keys)
    {
        var x = Left;
        foreach (var (cssClass, label) in keys)
        {
            svg.Rect(x, 8, 12, 12, "legend-key " + cssClass);
            svg.Text(x + 16, 18, label, "legend");
            x += 24 + (label.Length * 7);
        }
    }

    internal static void Outage(Svg svg, ExecutionReport report, ChartScale x, double top, double bottom)
    {
        if (report.ClientOutage is { LastSuccessBefore: { } before } outage)
        {
            var start = Math.Max(x.Map((before - report.Started).TotalSeconds), x.PixelStart);
            var end = outage.FirstSuccessAfter is { } after ? Math.Min(x.Map((after - report.Started).TotalSeconds), x.PixelEnd) : x.PixelEnd;
            if (end > start)
            {
                svg.Rect(start, top, end - start, bottom - top, "outage-span", $"client outage ({outage.Source}): {Measured(report.Rto)}");
            }
        }
    }
}
