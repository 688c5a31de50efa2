using System.Globalization;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Reports;

/// <summary>How every renderer writes the words and numbers of a report, so text, markdown and HTML agree.</summary>
internal static class ReportText
{
    public const string NotMeasured = "not measured";

    public static string Verdict(ReportVerdict verdict) => verdict switch
    {
        ReportVerdict.Pass => "PASS",
        ReportVerdict.Fail => "FAIL",
        _ => "NOT MEASURED",
    };

    /// <summary>The JSON contract's word for a verdict: pass, fail or not_measured.</summary>
    public static string VerdictKey(ReportVerdict verdict) => verdict switch
    {
        ReportVerdict.Pass => "pass",
        ReportVerdict.Fail => "fail",
        _ => "not_measured",
    };

    public static string Outcome(ExecutionOutcome outcome) => outcome.ToString().ToLowerInvariant();

    public static string Outcome(StepOutcome outcome) => outcome == StepOutcome.AlreadyDone ? "already-done" : outcome.ToString().ToLowerInvariant();

    public static string Seconds(double? seconds) => seconds is { } s ? Invariant($"{s:0.000} s") : NotMeasured;

    /// <summary>An objective as the plan states it: whole seconds without decimals.</summary>
    public static string Objective(double seconds) => Invariant($"{seconds:0.###} s");

    public static string Milliseconds(double? ms) => ms is { } m ? Invariant($"{m:0.0} ms") : "-";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Number(long? value) => value is { } v ? Number(v) : "?";

    public static string Title(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var drill = report.DrillMode is { } mode ? $" ({mode} drill{(report.DrillFault is { } fault ? $", {fault}" : "")})" : "";
        return $"{report.Kind}{drill}: {Outcome(report.Outcome)}";
    }

    /// <summary>What the RTO line measures: the client-seen outage and its source.</summary>
    public static string RtoLabel(RtoAssessment rto) => rto.Source is { } source ? $"RTO (client-seen, {source})" : "RTO (client-seen)";

    public static string RpoLabel(RpoAssessment rpo) => rpo.Basis switch
    {
        "ledger" => "RPO (loss window, ledger)",
        "replica lag" => "RPO (replica lag estimate)",
        _ => "RPO",
    };

    public static string Measured(RtoAssessment rto) => rto.MeasuredSeconds is { } s ? (rto.LowerBound ? ">= " : "") + Seconds(s) : NotMeasured;

    public static string Measured(RpoAssessment rpo) => Seconds(rpo.MeasuredSeconds);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
