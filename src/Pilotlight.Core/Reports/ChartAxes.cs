using static Pilotlight.Core.Reports.ReportText;

namespace Pilotlight.Core.Reports;

/// <summary>The axes every chart draws: time in seconds from the execution's start below, values at a side.</summary>
internal static class ChartAxes
{
    public static void Time(Svg svg, ChartScale x, double top, double bottom)
    {
        svg.Group("axis x-axis");
        svg.Line(x.PixelStart, bottom, x.PixelEnd, bottom, "axis-line");
        foreach (var tick in x.Ticks())
        {
            var px = x.Map(tick);
            svg.Line(px, top, px, bottom, "grid");
            svg.Line(px, bottom, px, bottom + 5, "tick");
            svg.Text(px, bottom + 18, Invariant($"{(tick > 0 ? "+" : "")}{tick:0.###} s"), "tick-label", "middle");
        }

        svg.EndGroup();
    }

    /// <summary>A value axis at pixel <paramref name="at"/>, labels on its <paramref name="right"/> or left side.</summary>
    public static void Values(Svg svg, ChartScale y, double at, bool right, string unit, string cssClass)
    {
        svg.Group($"axis y-axis {cssClass}");
        svg.Line(at, y.PixelStart, at, y.PixelEnd, "axis-line");
        foreach (var tick in y.Ticks(5))
        {
            var py = y.Map(tick);
            svg.Line(at, py, at + (right ? 5 : -5), py, "tick");
            svg.Text(at + (right ? 8 : -8), py + 4, Invariant($"{tick:0.##}"), "tick-label", right ? "start" : "end");
        }

        svg.Text(at + (right ? 8 : -8), y.PixelEnd - 10, unit, "axis-unit", right ? "start" : "end");
        svg.EndGroup();
    }
}
