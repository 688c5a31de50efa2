using Pilotlight.Core.Evidence;
using Pilotlight.Core.Reports;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Engine;

/// <summary>The reports of a plan's executions: journal, evidence and the plan's objectives read together.</summary>
public sealed partial class PlanEngine
{
    /// <summary>
    /// The report of the execution <paramref name="id"/> (its full id or a prefix that matches exactly one), or of
    /// the latest when null. An id that matches none or several is an <see cref="EngineException"/> listing what
    /// exists; a damaged evidence file is a <see cref="Core.State.DamagedStateException"/>.
    /// </summary>
    public ExecutionReport Report(string? id = null)
    {
        var journal = FindJournal(id);
        return ExecutionReport.Build(journal, EvidenceFile.Read(EvidenceFile.PathFor(journal.Path)), Plan.Objectives);
    }

    /// <summary>Where <c>report --format html</c> writes the HTML report of an execution by default.</summary>
    public string ReportPath(string executionId) => Path.Combine(Layout.ReportsDirectory, executionId + ".html");

    /// <summary>Writes the HTML report of <paramref name="report"/> to <see cref="ReportPath"/> and returns that path (for drill and demo).</summary>
    public string WriteHtmlReport(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var path = ReportPath(report.Id);
        ReportWriter.WriteHtml(report, path);
        return path;
    }

    private ExecutionJournal FindJournal(string? id)
    {
        var journals = Journals().ToList();
        if (journals.Count == 0)
        {
            throw new EngineException($"no executions yet in {Layout.ExecutionsDirectory}; a failover, failback, switchover or drill writes one");
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            return journals[^1];
        }

        if (journals.Find(j => j.Id == id) is { } exact)
        {
            return exact;
        }

        var matches = journals.Where(j => j.Id.StartsWith(id, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new EngineException($"no execution '{id}' in {Layout.ExecutionsDirectory}; there are {Listed(journals)}"),
            _ => throw new EngineException($"execution '{id}' is ambiguous: it begins {Listed(matches)}; give more of the id"),
        };
    }

    // The newest last, at most ten, so the line stays one line.
    private static string Listed(List<ExecutionJournal> journals) =>
        journals.Count <= 10 ? string.Join(", ", journals.Select(j => j.Id)) : $"{journals.Count}, the latest {string.Join(", ", journals.TakeLast(10).Select(j => j.Id))}";
}
