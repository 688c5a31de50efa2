namespace Pilotlight.Core.Reports;

/// <summary>
/// The RTO as clients saw it (the longest time they could not use the workload, from a write ledger or entry
/// probes) against the objective. <see cref="MeasuredSeconds"/> is null when nothing measured it; when the workload
/// was not seen serving again it is the lower bound seen so far, and only a lower bound beyond the objective fails.
/// </summary>
public sealed record RtoAssessment(ReportVerdict Verdict, double ObjectiveSeconds, double? MeasuredSeconds, string? Source, string Explanation)
{
    /// <summary>True when <see cref="MeasuredSeconds"/> is a lower bound (no success seen after the outage).</summary>
    public bool LowerBound { get; init; }
}
