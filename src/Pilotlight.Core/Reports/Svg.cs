using System.Globalization;
using System.Net;
using System.Text;

namespace Pilotlight.Core.Reports;

/// <summary>
/// A small writer of one inline SVG chart: every element's text and attribute goes through <see cref="Escape"/>,
/// numbers are written in the invariant culture, and the chart carries its id, class, title and aria label.
/// </summary>
internal sealed class Svg
{
    private readonly StringBuilder _out = new();

    public Svg(string id, string cssClass, double width, double height, string title, string description)
    {
        Width = width;
        Height = height;
        _out.Append(CultureInfo.InvariantCulture, $"<svg id=\"{Escape(id)}\" class=\"{Escape(cssClass)}\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-labelledby=\"{Escape(id)}-title {Escape(id)}-desc\">");
        _out.Append(CultureInfo.InvariantCulture, $"<title id=\"{Escape(id)}-title\">{Escape(title)}</title><desc id=\"{Escape(id)}-desc\">{Escape(description)}</desc>");
    }

    public double Width { get; }

    public double Height { get; }

    /// <summary>Text made safe for HTML and SVG content and attribute values (&amp;, &lt;, &gt;, quotes).</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A number as SVG wants it: invariant, at most two decimals.</summary>
    public static string N(double value) => (double.IsFinite(value) ? Math.Round(value, 2) : 0).ToString("0.##", CultureInfo.InvariantCulture);

    public Svg Rect(double x, double y, double width, double height, string cssClass, string? tooltip = null, string? dataName = null, string? dataValue = null)
    {
        _out.Append(CultureInfo.InvariantCulture, $"<rect class=\"{Escape(cssClass)}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(height)}\"");
        if (dataName is not null)
        {
            _out.Append(CultureInfo.InvariantCulture, $" data-{Escape(dataName)}=\"{Escape(dataValue)}\"");
        }

        return Close("rect", tooltip);
    }

    public Svg Circle(double cx, double cy, double r, string cssClass, string? tooltip = null)
    {
        _out.Append(CultureInfo.InvariantCulture, $"<circle class=\"{Escape(cssClass)}\" cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\"");
        return Close("circle", tooltip);
    }

    public Svg Line(double x1, double y1, double x2, double y2, string cssClass)
    {
        _out.Append(CultureInfo.InvariantCulture, $"<line class=\"{Escape(cssClass)}\" x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\"/>");
        return this;
    }

    /// <summary>A polyline through the points as a path; runs of points are split where a point is missing (null).</summary>
    public Svg Path(IEnumerable<(double X, double Y)?> points, string cssClass, string? tooltip = null)
    {
        var d = new StringBuilder();
        var pen = false;
        foreach (var point in points)
        {
            if (point is not { } p)
            {
                pen = false;
                continue;
            }

            d.Append(pen ? " L" : (d.Length == 0 ? "M" : " M")).Append(N(p.X)).Append(' ').Append(N(p.Y));
            pen = true;
        }

        if (d.Length == 0)
        {
            return this;
        }

        _out.Append(CultureInfo.InvariantCulture, $"<path class=\"{Escape(cssClass)}\" d=\"{d}\"");
        return Close("path", tooltip);
    }

    public Svg Text(double x, double y, string text, string cssClass, string anchor = "start")
    {
        _out.Append(CultureInfo.InvariantCulture, $"<text class=\"{Escape(cssClass)}\" x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{Escape(anchor)}\">{Escape(text)}</text>");
        return this;
    }

    public Svg Group(string cssClass)
    {
        _out.Append(CultureInfo.InvariantCulture, $"<g class=\"{Escape(cssClass)}\">");
        return this;
    }

    public Svg EndGroup()
    {
        _out.Append("</g>");
        return this;
    }

    public override string ToString() => _out + "</svg>";

    private Svg Close(string element, string? tooltip)
    {
        _out.Append(tooltip is null ? "/>" : $"><title>{Escape(tooltip)}</title></{element}>");
        return this;
    }
}
