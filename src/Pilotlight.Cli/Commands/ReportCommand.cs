using System.CommandLine;
using Pilotlight.Core.Reports;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// <c>pilotlight report [PLAN] [--execution ID] [--format text|json|md|html] [--output FILE] [--state-dir DIR]</c>:
/// the report of one execution (the latest by default) — the objectives against what was measured. HTML is written
/// to a file (<c>STATE/reports/ID.html</c> unless <c>--output</c>) and its path printed; the other formats go to
/// standard output unless <c>--output</c>. <c>--json</c> is <c>--format json</c> (with html: the path as JSON). A
/// corrupt journal is reported as far as it can be read, then exit 4 with one line naming it.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var target = PlanTarget.WithPlanArgument();
        var execution = new Option<string?>("--execution") { Description = "The execution's id, or a prefix of it that names one (see pilotlight history); default the latest" };
        var format = new Option<string?>("--format") { Description = "text (default), json, md (GitHub markdown) or html (one self-contained file with charts)" };
        format.AcceptOnlyFromAmong("text", "json", "md", "html");
        var output = new Option<string?>("--output") { Description = "Write the report to this file instead of standard output (html: instead of STATE/reports/ID.html)" };
        var command = new Command("report", "The report of an execution (the latest by default): RTO and RPO measured against the objectives, detection, each step, load, probes") { execution, format, output };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight report", async () =>
        {
            var asJson = parse.GetValue(json);
            var chosen = ReportWriter.ParseFormat(parse.GetValue(format)) ?? (asJson ? ReportFormat.Json : ReportFormat.Text);
            var engine = target.Open(parse, context);
            var report = engine.Report(parse.GetValue(execution));
            var file = parse.GetValue(output) is { } given ? context.Resolve(given) : chosen == ReportFormat.Html ? engine.ReportPath(report.Id) : null;
            if (file is null)
            {
                await context.Out.WriteAsync(report.Render(chosen));
            }
            else
            {
                ReportWriter.Write(report, chosen, file);
                if (asJson && chosen != ReportFormat.Json)
                {
                    Json.Write(context.Out, new { ok = true, execution = report.Id, format = parse.GetValue(format) ?? "text", path = file });
                }
                else
                {
                    await context.Out.WriteLineAsync(file);
                }
            }

            // Reported as far as it can be read, but a damaged journal is a damaged state directory, as for history.
            if (report.Problem is { } problem)
            {
                await context.Error.WriteLineAsync($"pilotlight report: the execution journal is corrupt: {problem}");
                return ExitCodes.DamagedState;
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
