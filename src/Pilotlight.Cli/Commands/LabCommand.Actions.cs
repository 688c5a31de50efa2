using System.CommandLine;
using System.Globalization;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Commands;

internal static partial class LabCommand
{
    private static Command Up(Option<string> stateDir, Option<bool> json, CliContext context)
    {
        var sync = new Option<bool>("--sync") { Description = "Synchronous replication: no acknowledged write is lost" };
        var basePort = BasePortOption.Create(LabLayout.DefaultBasePort, $"First of the lab's ports (default {LabLayout.DefaultBasePort}): entry, +1/+2 databases, +10.. and +20.. Shop instances");
        var netns = new Option<bool>("--netns") { Description = "Give each site a network namespace of its own (root), so disaster --mode partition can cut it off" };
        var command = new Command("up", "Start both sites and the entry; returns when the entry takes orders. Safe to run again.") { sync, basePort, netns };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight lab", async () =>
        {
            var lab = new Lab.Lab(LabEnvironment.Options(parse.GetValue(stateDir)!, parse.GetValue(basePort), parse.GetValue(sync), context) with { Netns = parse.GetValue(netns) });
            var asJson = parse.GetValue(json);
            var progress = asJson ? null : new LineProgress(context.Out, "  ");
            var result = await lab.UpAsync(progress, ct);
            if (asJson)
            {
                Json.Write(context.Out, new { ok = true, entry_url = result.EntryUrl, plan = result.PlanPath, started = result.Started, duration_seconds = Math.Round(result.Duration.TotalSeconds, 2) });
            }
            else
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"lab up in {result.Duration.TotalSeconds:0.0}s: entry {result.EntryUrl}, plan {result.PlanPath}{(result.Started.IsEmpty ? " (everything was already running)" : "")}"));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Status(Option<string> stateDir, Option<bool> json, CliContext context)
    {
        var command = new Command("status", "Show both sites: database role, timeline and lag, object backlog, instances, routing");
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight lab", async () =>
        {
            var status = await Open(parse, stateDir, context).StatusAsync(context.Clock, ct);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, LabStatusView.ToJson(status));
            }
            else
            {
                LabStatusView.Write(status, context.Out);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Down(Option<string> stateDir, Option<bool> json, CliContext context)
    {
        var purge = new Option<bool>("--purge") { Description = "Also delete the state directory (databases, objects, logs)" };
        var command = new Command("down", "Stop every process of the lab by PID and check its ports are free") { purge };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight lab", async () =>
        {
            var result = await Open(parse, stateDir, context).DownAsync(parse.GetValue(purge), ct);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new { ok = true, stopped = result.Stopped, purged = result.Purged, state_problem = result.StateProblem });
            }
            else if (result.StateProblem is { } problem)
            {
                // The damaged directory is gone, and every recorded process with it; the ports could not be checked.
                await context.Out.WriteLineAsync($"lab down: state directory deleted; it was damaged: {problem}");
            }
            else
            {
                await context.Out.WriteLineAsync($"lab down: stopped {result.Stopped.Length} process(es){(result.Purged ? ", state directory deleted" : "")}; the lab's ports are free");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Disaster(Option<string> stateDir, Option<bool> json, CliContext context)
    {
        var site = SiteArgument();
        var mode = new Option<string>("--mode") { Description = "kill (SIGKILL), stop (SIGSTOP, a frozen region), partition (network)", DefaultValueFactory = _ => "kill" };
        mode.AcceptOnlyFromAmong("kill", "stop", "partition");
        var command = new Command("disaster", "Lose a site: kill, freeze or partition every process of it") { site, mode };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight lab", async () =>
        {
            var which = Enum.Parse<DisasterMode>(parse.GetValue(mode)!, ignoreCase: true);
            var hit = await Open(parse, stateDir, context).DisasterAsync(parse.GetValue(site)!, which, ct);
            return Report(context, parse.GetValue(json), $"disaster {parse.GetValue(mode)} on site {parse.GetValue(site)}", hit);
        }));
        return command;
    }

    private static Command Recover(Option<string> stateDir, Option<bool> json, CliContext context)
    {
        var site = SiteArgument();
        var command = new Command("recover", "Bring a lost site's infrastructure back (not its compute: that is the controller's decision)") { site };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight lab", async () =>
        {
            var actions = await Open(parse, stateDir, context).RecoverAsync(parse.GetValue(site)!, ct);
            return Report(context, parse.GetValue(json), $"recovered site {parse.GetValue(site)}", actions);
        }));
        return command;
    }

    private static Command Supervise(Option<string> stateDir, CliContext context)
    {
        var site = new Option<string>("--site") { Required = true };
        var command = new Command("supervise", "(internal) restart a site's instances that die") { site };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            await RunUntilCancelledAsync(c => Open(parse, stateDir, context).SuperviseAsync(parse.GetValue(site)!, c), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Replicate(Option<string> stateDir, CliContext context)
    {
        var site = new Option<string>("--site") { Required = true };
        var command = new Command("replicate", "(internal) replicate objects into a site's store while the objects direction names it as the target") { site };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            // One line each time what it does changes, into the daemon's log.
            void Report(string line) => context.Out.WriteLine($"{context.Clock.GetUtcNow():O} {line}");
            await RunUntilCancelledAsync(c => Open(parse, stateDir, context).ReplicateAsync(parse.GetValue(site)!, Report, c), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    // Daemons end on SIGTERM: System.CommandLine cancels the token, which is a normal end.
    private static async Task RunUntilCancelledAsync(Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static Argument<string> SiteArgument()
    {
        var site = new Argument<string>("SITE") { Description = "a or b" };
        site.AcceptOnlyFromAmong("a", "b");
        return site;
    }

    private static int Report(CliContext context, bool json, string what, IReadOnlyList<string> items)
    {
        if (json)
        {
            Json.Write(context.Out, new { ok = true, action = what, processes = items });
        }
        else
        {
            context.Out.WriteLine($"{what}: {(items.Count == 0 ? "nothing to do" : string.Join(", ", items))}");
        }

        return ExitCodes.Ok;
    }
}
