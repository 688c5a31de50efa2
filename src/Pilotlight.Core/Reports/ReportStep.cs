using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Reports;

/// <summary>One step of the execution's timeline, its start as an offset from the execution's start.</summary>
public sealed record ReportStep(string Step, StepOutcome Outcome, double StartOffsetSeconds, double? DurationSeconds, int Attempts, string? Detail);
