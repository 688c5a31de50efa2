using System.Collections.Immutable;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Reports;

/// <summary>
/// One execution (failover, failback, switchover, drill) as people read it afterwards: the objectives against what
/// was measured, each step's timeline, how the outage was detected and decided, the load, probes, smoke checks and
/// an isolated drill's result. Built from the journal (what was done) and the evidence beside it (how it went for
/// clients); without evidence it says what was not measured and never invents a number.
/// <para>
/// The pass/fail rule (<see cref="ReportRules"/>): an objective passes only when measured and within it, fails when
/// measured beyond it, and is <see cref="ReportVerdict.NotMeasured"/> otherwise — never a pass without a measurement.
/// RTO is the client-seen outage (ledger or probes); the execution's own duration is shown apart and is not the RTO.
/// RPO is the loss window: with acknowledged writes lost, from the earliest lost write to the failure (the first
/// failed probe, else the execution's start), and never less than the lost writes' own span or the replica's lag;
/// none lost by a ledger is 0 s; without a ledger, the replica's lag at the failure (an upper-bound estimate).
/// </para>
/// </summary>
public sealed record ExecutionReport
{
    public required string Id { get; init; }

    /// <summary>What the journal calls the execution (e.g. "failover a->b").</summary>
    public required string Kind { get; init; }

    /// <summary>failover, switchover, failback or drill, when the journal or the evidence says.</summary>
    public string? Operation { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>For a drill: live or isolated.</summary>
    public string? DrillMode { get; init; }

    /// <summary>For a live drill: switchover, kill, stop or partition.</summary>
    public string? DrillFault { get; init; }

    public required ExecutionOutcome Outcome { get; init; }

    /// <summary>Why the journal cannot be believed, when <see cref="Outcome"/> is corrupt.</summary>
    public string? Problem { get; init; }

    public required DateTimeOffset Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    /// <summary>From the execution's start to its end: how long Pilotlight worked, not the client's RTO.</summary>
    public double? ExecutionSeconds => Finished is { } finished ? (finished - Started).TotalSeconds : null;

    public required Objectives Objectives { get; init; }

    public required RtoAssessment Rto { get; init; }

    public required RpoAssessment Rpo { get; init; }

    /// <summary>The client-seen outage the RTO comes from, when one was measured.</summary>
    public ClientOutage? ClientOutage { get; init; }

    /// <summary>How the controller found the site down and decided; null when an operator started the execution.</summary>
    public Detection? Detection { get; init; }

    /// <summary>From the first failed probe to the site declared down, shown apart from the RTO.</summary>
    public double? DetectionSeconds => Detection?.DetectionSeconds;

    /// <summary>The journal's notes that say who decided and why ("decided by the controller: …", "run by an operator: …").</summary>
    public ImmutableArray<string> Decision { get; init; } = [];

    public ImmutableArray<ReportStep> Steps { get; init; } = [];

    public LoadSummary? Load { get; init; }

    public ImmutableArray<ProbeSample> Probes { get; init; } = [];

    public ImmutableArray<SmokeResult> SmokeChecks { get; init; } = [];

    public IsolatedDrillResult? Isolated { get; init; }

    /// <summary>The journal's notes (the runbook's reasons, resumptions), then the evidence's.</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>Whether an evidence file was found beside the journal.</summary>
    public bool HasEvidence { get; init; }

    /// <summary>What nothing measured, one phrase each (e.g. "client outage: no ledger and no probes").</summary>
    public ImmutableArray<string> NotMeasured { get; init; } = [];

    /// <summary>The report of the execution journaled in <paramref name="journal"/>, with its evidence when there is any.</summary>
    public static ExecutionReport Build(ExecutionJournal journal, ExecutionEvidence? evidence, Objectives objectives)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var notes = journal.Read().Where(e => e.Type == JournalEntry.Note && e.Detail is not null).Select(e => e.Detail!);
        return Build(ExecutionResult.From(journal), [.. notes], evidence, objectives);
    }

    /// <summary>The report of an execution read back from its journal, with the journal's notes and its evidence when there is any.</summary>
    public static ExecutionReport Build(ExecutionResult result, ImmutableArray<string> journalNotes, ExecutionEvidence? evidence, Objectives objectives)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(objectives);

        // Graded against the objectives in force when it ran (its evidence records them), not the plan's of today.
        if (evidence is { RtoObjectiveSeconds: > 0, RpoObjectiveSeconds: >= 0 })
        {
            objectives = objectives with { Rto = TimeSpan.FromSeconds(evidence.RtoObjectiveSeconds), Rpo = TimeSpan.FromSeconds(evidence.RpoObjectiveSeconds) };
        }
        var notMeasured = ImmutableArray.CreateBuilder<string>();
        if (evidence is null)
        {
            notMeasured.Add("no evidence file beside the journal: nothing measured the client outage, the data loss, the load or the probes");
        }

        var rto = ReportRules.AssessRto(evidence, objectives.Rto.TotalSeconds);
        var rpo = ReportRules.AssessRpo(result, evidence, objectives.Rpo.TotalSeconds);
        if (evidence is not null)
        {
            if (rto.Verdict == ReportVerdict.NotMeasured)
            {
                notMeasured.Add($"RTO: {rto.Explanation}");
            }

            if (rpo.Verdict == ReportVerdict.NotMeasured)
            {
                notMeasured.Add($"RPO: {rpo.Explanation}");
            }

            if (evidence.Detection is null)
            {
                notMeasured.Add("detection: not in the evidence (there is none when an operator started the execution)");
            }
        }

        var decision = journalNotes.Where(n => n.StartsWith("decided by", StringComparison.Ordinal) || n.StartsWith("run by", StringComparison.Ordinal));
        return new ExecutionReport
        {
            Id = result.Id,
            Kind = result.Kind,
            Operation = result.Target?.Operation ?? evidence?.Operation,
            From = result.Target?.From ?? evidence?.From,
            To = result.Target?.To ?? evidence?.To,
            DrillMode = evidence?.DrillMode,
            DrillFault = evidence?.DrillFault,
            Outcome = result.Outcome,
            Problem = result.Problem?.ToString(),
            Started = result.Started,
            Finished = result.Finished,
            Objectives = objectives,
            Rto = rto,
            Rpo = rpo,
            ClientOutage = evidence?.ClientOutage,
            Detection = evidence?.Detection,
            Decision = [.. decision],
            Steps = [.. result.Steps.Select(s => new ReportStep(s.Step, s.Outcome, (s.Started - result.Started).TotalSeconds, s.Duration?.TotalSeconds, s.Attempts, s.Detail))],
            Load = evidence?.Load,
            Probes = evidence?.Probes ?? [],
            SmokeChecks = evidence?.SmokeChecks ?? [],
            Isolated = evidence?.Isolated,
            Notes = [.. journalNotes, .. evidence?.Notes ?? []],
            HasEvidence = evidence is not null,
            NotMeasured = notMeasured.ToImmutable(),
        };
    }

    /// <summary>The report in <paramref name="format"/>, as one string.</summary>
    public string Render(ReportFormat format) => format switch
    {
        ReportFormat.Text => TextReport.Render(this),
        ReportFormat.Json => JsonReport.Render(this),
        ReportFormat.Markdown => MarkdownReport.Render(this),
        ReportFormat.Html => HtmlReport.Render(this),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "text, json, md or html"),
    };
}
