using System.CommandLine;
using System.Globalization;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Reports;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine;
using Pilotlight.Engine.Drills;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// <c>pilotlight drill [PLAN] --mode live|isolated [--duration D] [--fault F] [--with-load R] [--dry-run]</c>: a
/// rehearsal of failover as one execution with one report — live (the workload really moves and comes back) or
/// isolated (a clone serves beside production, which is untouched).
/// </summary>
internal static class DrillCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var target = PlanTarget.WithPlanArgument();
        var mode = new Option<string>("--mode") { Description = "live: switch over to the standby and back; isolated: a clone of the standby serves beside production", Required = true };
        mode.AcceptOnlyFromAmong("live", "isolated");
        var duration = new Option<string>("--duration") { Description = "How long the workload (or the clone) is held before it comes back (default 30s)", DefaultValueFactory = _ => "30s" };
        duration.Validators.Add(result =>
        {
            if (!DurationText.TryParse(result.GetValueOrDefault<string>(), out var value, out var error) || value < TimeSpan.Zero)
            {
                result.AddError($"--duration: {error ?? "must not be negative"}; expected {DurationText.Expected}");
            }
        });
        var fault = new Option<string>("--fault") { Description = "How a live drill loses the active site: switchover (planned, any plan), or on a lab kill, stop, partition", DefaultValueFactory = _ => "switchover" };
        fault.AcceptOnlyFromAmong("switchover", "kill", "stop", "partition");
        var load = new Option<int?>("--with-load") { Description = "Send this many writes per second through the entry while the drill runs, keeping a ledger of acknowledged writes" };
        load.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } rate && rate is < 1 or > 100_000)
            {
                result.AddError($"--with-load: {rate} is out of range; expected writes per second from 1 to 100000");
            }
        });
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the step graph and why, without acting" };
        var command = new Command("drill", "Rehearse a failover as one execution with one report: live (there and back) or isolated (a clone beside production); resumes an interrupted one") { mode, duration, fault, load, dryRun };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight drill", async () =>
        {
            var engine = target.Open(parse, context);

            var held = DurationText.TryParse(parse.GetValue(duration), out var parsed, out _) ? parsed : TimeSpan.FromSeconds(30);
            var request = new DrillRequest(parse.GetValue(mode) == "live" ? DrillMode.Live : DrillMode.Isolated, held)
            {
                Fault = Enum.Parse<DrillFault>(parse.GetValue(fault)!, ignoreCase: true),
                LoadRate = parse.GetValue(load),
            };
            if (request.Mode == DrillMode.Isolated && parse.GetResult(fault) is { Implicit: false } && request.Fault != DrillFault.Switchover)
            {
                throw new EngineException($"--fault {parse.GetValue(fault)}: an isolated drill loses no site; --fault applies to --mode live");
            }

            var asJson = parse.GetValue(json);
            if (parse.GetValue(dryRun))
            {
                var runbook = engine.PlanDrill(request);
                if (asJson)
                {
                    FailoverCommand.WriteDryRunJson(context, runbook);
                }
                else
                {
                    await FailoverCommand.WriteDryRunAsync(context, runbook);
                }

                return ExitCodes.Ok;
            }

            var started = DateTimeOffset.UtcNow;
            try
            {
                var result = await engine.DrillAsync(request, asJson ? null : entry => FailoverCommand.Progress(context.Out, started, entry), ct);
                FailoverCommand.Write(context, asJson, result);
                if (!asJson)
                {
                    await WriteSummaryAsync(context, engine, result);
                }

                return result.Outcome == ExecutionOutcome.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
            }
            finally
            {
                await NotificationFlushing.FlushAsync(engine, context, "pilotlight drill", ct);
            }
        }));
        return command;
    }

    /// <summary>The drill's report as text, and the path of its HTML report, written beside the other reports.</summary>
    private static async Task WriteSummaryAsync(CliContext context, PlanEngine engine, ExecutionResult result)
    {
        var report = engine.Report(result.Id);
        await context.Out.WriteLineAsync();
        await context.Out.WriteAsync(report.Render(ReportFormat.Text));
        await context.Out.WriteLineAsync($"report: {engine.WriteHtmlReport(report)}");
    }
}
