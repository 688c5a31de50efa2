using System.CommandLine;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// <c>pilotlight switchover [PLAN] --to SITE [--dry-run]</c> and <c>pilotlight failback [PLAN] [--dry-run]</c>: the
/// planned, lossless moves between healthy sites, on the engine like a failover (journal, resume, progress, timeline).
/// </summary>
internal static class SwitchoverCommand
{
    public static Command Switchover(Option<bool> json, CliContext context)
    {
        var target = PlanTarget.WithPlanArgument();
        var to = new Option<string>("--to") { Description = "The site to move the workload to (the standby)", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the step graph and why, without acting" };
        var command = new Command("switchover", "Move the workload to the standby site without losing a write: both sites healthy; resumes an interrupted one") { to, dryRun };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight switchover", async () =>
        {
            var engine = target.Open(parse, context);
            var site = parse.GetValue(to)!;
            return parse.GetValue(dryRun)
                ? await DryRunAsync(context, parse.GetValue(json), engine.PlanSwitchover(site))
                : await RunAsync(context, parse.GetValue(json), engine, "pilotlight switchover", observer => engine.SwitchoverAsync(site, observer, ct), ct);
        }));
        return command;
    }

    public static Command Failback(Option<bool> json, CliContext context)
    {
        var target = PlanTarget.WithPlanArgument();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the step graph and why, without acting" };
        var command = new Command("failback", "Return the workload to the site it was failed over from: diverged writes exported, old primary rebuilt as a standby, consistency checked, then a lossless switchover; resumes an interrupted one") { dryRun };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight failback", async () =>
        {
            var engine = target.Open(parse, context);
            return parse.GetValue(dryRun)
                ? await DryRunAsync(context, parse.GetValue(json), engine.PlanFailback())
                : await RunAsync(context, parse.GetValue(json), engine, "pilotlight failback", observer => engine.FailbackAsync(observer, ct), ct);
        }));
        return command;
    }

    private static async Task<int> DryRunAsync(CliContext context, bool json, Runbook runbook)
    {
        if (json)
        {
            FailoverCommand.WriteDryRunJson(context, runbook);
        }
        else
        {
            await FailoverCommand.WriteDryRunAsync(context, runbook);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> RunAsync(CliContext context, bool json, PlanEngine engine, string prefix, Func<Action<JournalEntry>?, Task<ExecutionResult>> run, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        try
        {
            var result = await run(json ? null : entry => FailoverCommand.Progress(context.Out, started, entry));
            FailoverCommand.Write(context, json, result);
            return result.Outcome == ExecutionOutcome.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }
        finally
        {
            await NotificationFlushing.FlushAsync(engine, context, prefix, cancellationToken);
        }
    }
}
