using static Pilotlight.Core.Reports.ReportText;

namespace Pilotlight.Core.Reports;

/// <summary>
/// The timeline chart (<c>svg#timeline-chart</c>): one bar per step on a time axis from the execution's start,
/// colored by outcome, with the client-seen outage and the detection marked as spans behind the bars.
/// </summary>
internal static class TimelineChart
{
    private const double Width = 960;
    private const double Left = 200;
    private const double Right = 24;
    private const double Top = 40;
    private const double Row = 24;
    private const double Bar = 14;

    public static string Render(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        double Rel(DateTimeOffset at) => (at - report.Started).TotalSeconds;
        var outage = report.ClientOutage is { LastSuccessBefore: { } before } o ? (Start: Rel(before), End: o.FirstSuccessAfter is { } after ? Rel(after) : (double?)null) : default((double Start, double? End)?);
        var detection = report.Detection is { } d ? (Start: Rel(d.FirstFailureAt), End: Rel(d.DeclaredDownAt)) : default((double Start, double End)?);

        var starts = new List<double> { 0 };
        var ends = new List<double> { report.ExecutionSeconds ?? 0 };
        ends.AddRange(report.Steps.Select(s => s.StartOffsetSeconds + (s.DurationSeconds ?? 0)));
        if (outage is { } os)
        {
            starts.Add(os.Start);
            ends.Add(os.End ?? os.Start);
        }

        if (detection is { } ds)
        {
            starts.Add(ds.Start);
            ends.Add(ds.End);
        }

        var from = starts.Min();
        var to = Math.Max(ends.Max(), from + 0.001);
        var pad = (to - from) * 0.02;
        var rows = Math.Max(report.Steps.Length, 1);
        var bottom = Top + (rows * Row);
        var height = bottom + 40;
        var x = new ChartScale(from - pad, to + pad, Left, Width - Right);
        var svg = new Svg("timeline-chart", "chart timeline-chart", Width, height, $"Timeline of {report.Kind}",
            $"{report.Steps.Length} steps on a time axis in seconds from the execution's start; client outage {Measured(report.Rto)}; detection {Seconds(report.DetectionSeconds)}");

        Legend(svg);
        ChartAxes.Time(svg, x, Top - 6, bottom);
        if (outage is { } span)
        {
            var end = span.End ?? to + pad;
            svg.Rect(x.Map(span.Start), Top - 6, Math.Max(x.Map(end) - x.Map(span.Start), 1), bottom - Top + 6, "outage-span",
                span.End is null ? Invariant($"client outage ({report.ClientOutage!.Source}) from +{span.Start:0.000} s, no success seen after it") : Invariant($"client outage ({report.ClientOutage!.Source}): {end - span.Start:0.000} s, +{span.Start:0.000} s to +{end:0.000} s"));
        }

        if (detection is { } det)
        {
            svg.Rect(x.Map(det.Start), Top - 6, Math.Max(x.Map(det.End) - x.Map(det.Start), 1), bottom - Top + 6, "detection-span",
                Invariant($"detection: {det.End - det.Start:0.000} s, first failed probe at +{det.Start:0.000} s to declared down at +{det.End:0.000} s"));
        }

        if (report.Steps.IsEmpty)
        {
            svg.Text(Left, Top + (Row / 2) + 4, "no steps journaled", "empty");
        }

        var row = 0;
        foreach (var step in report.Steps)
        {
            var y = Top + (row * Row);
            svg.Text(Left - 8, y + (Row / 2) + 4, step.Step, "step-label", "end");
            var start = x.Map(step.StartOffsetSeconds);
            var end = x.Map(step.StartOffsetSeconds + (step.DurationSeconds ?? (to - step.StartOffsetSeconds)));
            svg.Rect(start, y + ((Row - Bar) / 2), Math.Max(end - start, 2), Bar, $"step-bar outcome-{Outcome(step.Outcome)}",
                Invariant($"{step.Step}: {Outcome(step.Outcome)}, +{step.StartOffsetSeconds:0.000} s for {(step.DurationSeconds is { } sd ? $"{sd:0.000} s" : "(still running)")}, {step.Attempts} attempt(s){(step.Detail is { } detail ? $": {detail}" : "")}"),
                "step", step.Step);
            row++;
        }

        return svg.ToString();
    }

    private static void Legend(Svg svg)
    {
        var x = Left;
        foreach (var (cssClass, label) in new[]
        {
            ("step-bar outcome-succeeded", "succeeded"), ("step-bar outcome-already-done", "already done"), ("step-bar outcome-failed", "failed"),
            ("step-bar outcome-running", "running"), ("outage-span", "client outage"), ("detection-span", "detection"),
        })
        {
            svg.Rect(x, 8, 12, 12, "legend-key " + cssClass);
            svg.Text(x + 16, 18, label, "legend");
            x += 24 + (label.Length * 7);
        }
    }
}
