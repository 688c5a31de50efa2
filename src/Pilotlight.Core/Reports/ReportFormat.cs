namespace Pilotlight.Core.Reports;

/// <summary>The forms a report is rendered in.</summary>
public enum ReportFormat
{
    /// <summary>For a terminal, about 100 columns.</summary>
    Text,

    /// <summary>One snake_case document, the contract the README documents.</summary>
    Json,

    /// <summary>GitHub markdown tables.</summary>
    Markdown,

    /// <summary>One self-contained page with SVG charts, readable offline.</summary>
    Html,
}
