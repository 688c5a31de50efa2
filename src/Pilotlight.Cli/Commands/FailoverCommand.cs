using System.CommandLine;
using System.Globalization;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight failover [PLAN] [--state-dir DIR] [--dry-run]</c> and <c>pilotlight history</c>.</summary>
internal static class FailoverCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var target = PlanTarget.WithPlanArgument();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the step graph and why, without acting" };
        var force = new Option<bool>("--force") { Description = "Fail over even when the replica's lag is unknown or beyond max_data_loss; the estimate is recorded" };
        var yes = new Option<bool>("--yes") { Description = "Fail over a healthy primary without asking (required without a terminal)" };
        var command = new Command("failover", "Fail the workload over to the standby site: fence, promote, scale up, switch, verify; resumes an interrupted one") { dryRun, force, yes };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight", async () =>
        {
            var engine = target.Open(parse, context);
            if (parse.GetValue(dryRun))
            {
                var runbook = engine.PlanFailover();
                if (parse.GetValue(json))
                {
                    WriteDryRunJson(context, runbook);
                    return ExitCodes.Ok;
                }

                await WriteDryRunAsync(context, runbook);
                return ExitCodes.Ok;
            }

            // Failing over a healthy primary fences it: asked for on a terminal, refused without one unless --yes.
            if (!parse.GetValue(yes) && await engine.HealthyPrimaryAsync(ct) is { } healthy)
            {
                if (!context.Terminal || context.In is null)
                {
                    throw new EngineException($"{healthy}; a failover would fence it: rerun with --yes to fail over anyway");
                }

                await context.Out.WriteAsync($"{healthy}. Fail over anyway, fencing it? [y/N] ");
                if (await context.In.ReadLineAsync(ct) is not { } answer || !answer.Trim().StartsWith('y'))
                {
                    await context.Out.WriteLineAsync("no failover");
                    return ExitCodes.Failed;
                }
            }

            var started = DateTimeOffset.UtcNow;
            try
            {
                var result = await engine.FailoverAsync(parse.GetValue(json) ? null : entry => Progress(context.Out, started, entry), ct, gated: true, force: parse.GetValue(force));
                Write(context, parse.GetValue(json), result);
                return result.Outcome == ExecutionOutcome.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
            }
            finally
            {
                await NotificationFlushing.FlushAsync(engine, context, "pilotlight failover", ct);
            }
        }));
        return command;
    }

    /// <summary>The step graph of a runbook in waves, and why it was built so; nothing is done.</summary>
    internal static async Task WriteDryRunAsync(CliContext context, Runbook runbook)
    {
        await context.Out.WriteLineAsync($"{runbook.Kind} (dry run: nothing is done)");
        foreach (var reason in runbook.Reasons)
        {
            await context.Out.WriteLineAsync($"  why: {reason}");
        }

        var wave = 0;
        foreach (var steps in runbook.Waves())
        {
            wave++;
            foreach (var step in steps)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {wave}. {step.Id,-16} {step.Description}{(step.BestEffort ? " [best effort]" : "")} (timeout {step.Timeout.TotalSeconds:0}s{(step.DependsOn.IsEmpty ? "" : $", after {string.Join(" + ", step.DependsOn)}")})"));
            }
        }
    }

    internal static void WriteDryRunJson(CliContext context, Runbook runbook) =>
        Json.Write(context.Out, new { kind = runbook.Kind, reasons = runbook.Reasons, waves = runbook.Waves().Select(w => w.Select(s => new { id = s.Id, description = s.Description, depends_on = s.DependsOn, best_effort = s.BestEffort, timeout_seconds = s.Timeout.TotalSeconds })) });

    public static Command History(Option<bool> json, CliContext context)
    {
        var target = PlanTarget.WithPlanArgument();
        var command = new Command("history", "List the executions (failovers) of a plan, newest last");
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight history", async () =>
        {
            var history = target.Open(parse, context).History();
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, history.Select(ToJson));
            }
            else
            {
                foreach (var execution in history)
                {
                    await context.Out.WriteLineAsync(execution.Problem is { } problem
                        ? $"{execution.Id}  {execution.Kind,-16} corrupt: {problem}"
                        : string.Create(CultureInfo.InvariantCulture,
                            $"{execution.Id}  {execution.Kind,-16} {execution.Outcome.ToString().ToLowerInvariant(),-9} {execution.Started:yyyy-MM-dd HH:mm:ss}Z  {((execution.Finished ?? execution.Started) - execution.Started).TotalSeconds:0.00}s"));
                }

                if (history.Count == 0)
                {
                    await context.Out.WriteLineAsync("no executions yet");
                }
            }

            // Listed, but a damaged journal is a damaged state directory: scripts learn it from the exit code.
            var corrupt = history.Count(e => e.Outcome == ExecutionOutcome.Corrupt);
            if (corrupt > 0)
            {
                await context.Error.WriteLineAsync($"pilotlight history: {corrupt} execution journal(s) are corrupt: {string.Join(", ", history.Where(e => e.Problem is not null).Select(e => e.Problem!.Path))}");
                return ExitCodes.DamagedState;
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static void Progress(TextWriter output, DateTimeOffset started, JournalEntry entry)
    {
        var offset = (entry.At - started).TotalSeconds;
        var line = entry.Type switch
        {
            JournalEntry.StepStarted when entry.Attempt == 1 => $"{entry.Step}: {entry.Detail}",
            JournalEntry.StepSucceeded => $"{entry.Step}: done",
            JournalEntry.StepAlreadyDone => $"{entry.Step}: already done",
            JournalEntry.StepAttemptFailed => $"{entry.Step}: attempt {entry.Attempt} failed: {entry.Detail}",
            JournalEntry.StepFailed => $"{entry.Step}: FAILED: {entry.Detail}",
            JournalEntry.Note => entry.Detail,
            _ => null,
        };
        if (line is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  +{offset,6:0.000}s  {line}"));
        }
    }

    /// <summary>
    /// The execution's outcome and its steps' table; a step's detail follows its outcome (why it failed, or what it
    /// did: the demotion token, the divergence exported or not captured, "not compared: …"), never for a step already done.
    /// </summary>
    internal static void Write(CliContext context, bool json, ExecutionResult result)
    {
        if (json)
        {
            Json.Write(context.Out, ToJson(result));
            return;
        }

        context.Out.WriteLine($"{result.Kind}: {result.Outcome.ToString().ToLowerInvariant()} ({result.Id})");
        context.Out.WriteLine("  step              start     duration  outcome");
        foreach (var step in result.Steps)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {step.Step,-16} +{(step.Started - result.Started).TotalSeconds,6:0.000}s  {step.Duration?.TotalSeconds ?? 0,6:0.000}s  {step.Outcome.ToString().ToLowerInvariant()}{(step.Detail is { } d && step.Outcome != StepOutcome.AlreadyDone ? $": {d}" : "")}"));
        }

        if (result.Finished is { } finished)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  total {(finished - result.Started).TotalSeconds:0.000}s"));
        }
    }

    private static object ToJson(ExecutionResult result) => new
    {
        id = result.Id,
        kind = result.Kind,
        outcome = result.Outcome.ToString().ToLowerInvariant(),
        started = result.Started,
        finished = result.Finished,
        problem = result.Problem?.ToString(),
        steps = result.Steps.Select(s => new
        {
            step = s.Step,
            outcome = s.Outcome.ToString().ToLowerInvariant(),
            start_offset_seconds = (s.Started - result.Started).TotalSeconds,
            duration_seconds = s.Duration?.TotalSeconds,
            attempts = s.Attempts,
            detail = s.Detail,
        }),
    };
}
