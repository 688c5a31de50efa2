namespace Pilotlight.Core.Reports;

/// <summary>How one objective fared: a pass needs a measurement within it; nothing measured is never a pass.</summary>
public enum ReportVerdict
{
    /// <summary>Measured and within the objective.</summary>
    Pass,

    /// <summary>Measured (or bounded from below) beyond the objective.</summary>
    Fail,

    /// <summary>Nothing measured it: neither a pass nor a fail.</summary>
    NotMeasured,
}
