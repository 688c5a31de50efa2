namespace Pilotlight.Core.Reports;

/// <summary>Writes a rendered report to a file, written aside and renamed into place so no reader sees half a report.</summary>
public static class ReportWriter
{
    /// <summary>The one self-contained HTML page of <paramref name="report"/> at <paramref name="path"/>.</summary>
    public static void WriteHtml(ExecutionReport report, string path) => Write(report, ReportFormat.Html, path);

    public static void Write(ExecutionReport report, ReportFormat format, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(path);
        State.DurableFile.WriteText(path, report.Render(format));
    }

    /// <summary>text, json, md (or markdown) or html; null for anything else.</summary>
    public static ReportFormat? ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "text" or "txt" => ReportFormat.Text,
        "json" => ReportFormat.Json,
        "md" or "markdown" => ReportFormat.Markdown,
        "html" => ReportFormat.Html,
        _ => null,
    };
}
