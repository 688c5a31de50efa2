using System.CommandLine;
using Pilotlight.Cli.Commands;

namespace Pilotlight.Cli;

/// <summary>
/// The <c>pilotlight</c> command line: parses, dispatches, and turns every failure into one line and an exit code
/// (and with <c>--json</c> into one JSON document on standard output): 64 for a wrong command line, 130 when
/// cancelled, 1 for an internal error.
/// </summary>
internal static class PilotlightCommand
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);

        // Peeked rather than parsed: a usage error must be JSON too, and the command line may not parse. Only with
        // --json is standard output wrapped; watch draws its live view when it is the console itself.
        var asJson = args.TakeWhile(a => a != "--").Contains("--json");
        using var tracked = asJson ? new WrittenWriter(context.Out) : null;
        var reply = new Reply(context with { Out = tracked ?? context.Out }, tracked);

        var root = Build(reply.Context);
        var parse = root.Parse(args);
        if (UsageProblem.Find(parse, args) is { } problem)
        {
            if (problem.MissingCommand)
            {
                HelpCommand.Show(root, problem.CommandPath.Split(' ').Skip(1), context.Error);
                reply.Json(problem.Message, ExitCodes.Usage);
                return ExitCodes.Usage;
            }

            return await reply.FailAsync(problem.Message, problem.Line, ExitCodes.Usage);
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = reply.Context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                // Program.cs owns SIGINT and SIGTERM: System.CommandLine's handler would end the invocation after
                // 2 s while the command still cleans up, and throw on a second Ctrl-C.
                ProcessTerminationTimeout = null,
            };
            var code = await parse.InvokeAsync(invocation, cancellationToken);

            // The lab's daemons end on SIGTERM as they should; any other command stopped by a signal was cancelled.
            return cancellationToken.IsCancellationRequested && !parse.CommandResult.Command.Hidden ? await CancelledAsync(reply) : code;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await CancelledAsync(reply);
        }
        catch (Core.State.DamagedStateException e)
        {
            return await reply.FailAsync(e.Message, $"pilotlight: {e.Message.ReplaceLineEndings(" ")}", ExitCodes.DamagedState);
        }
#pragma warning disable CA1031 // The last line of defence: a user sees one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var message = $"internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
            var code = await reply.FailAsync(message, $"pilotlight: {message}", ExitCodes.Failed);
            if (Environment.GetEnvironmentVariable("PILOTLIGHT_DEBUG") == "1")
            {
                await context.Error.WriteLineAsync(e.ToString());
            }

            return code;
        }
    }

    private static Task<int> CancelledAsync(Reply reply) => reply.FailAsync("cancelled", "pilotlight: cancelled", ExitCodes.Cancelled);

    private static RootCommand Build(CliContext context)
    {
        var json = new Option<bool>("--json")
        {
            Description = "Write machine-readable JSON to standard output",
            Recursive = true,
        };
        var root = new RootCommand("Pilotlight: pilot-light disaster recovery — plan, fail over, fail back, drill.")
        {
            json,
            ValidateCommand.Create(json, context),
            CostCommand.Create(json, context),
            InitCommand.Create(json, context),
            LabCommand.Create(json, context),
            DemoCommand.Create(json, context),
            FailoverCommand.Create(json, context),
            FailoverCommand.History(json, context),
            ReportCommand.Create(json, context),
            SwitchoverCommand.Switchover(json, context),
            SwitchoverCommand.Failback(json, context),
            DrillCommand.Create(json, context),
            WatchCommand.Create(json, context),
            StatusCommand.Create(json, context),
            ApproveCommand.Create(approve: true, json, context),
            ApproveCommand.Create(approve: false, json, context),
            LoadCommand.Create(json, context),
            VerifyLedgerCommand.Create(json, context),
            BenchCommand.Create(json, context),
            VersionCommand.Create(json, context),
        };
        root.Add(HelpCommand.Create(root, context));
        VersionCommand.ReplaceVersionOption(root, context);
        return root;
    }

    /// <summary>How a failure is told: one line on standard error, and with --json one document, unless the command wrote its own.</summary>
    private sealed record Reply(CliContext Context, WrittenWriter? JsonOutput)
    {
        public void Json(string error, int code)
        {
            if (JsonOutput is { Written: false })
            {
                Cli.Json.Write(JsonOutput, new { ok = false, error, exit_code = code });
            }
        }

        public async Task<int> FailAsync(string error, string line, int code)
        {
            Json(error, code);
            await Context.Error.WriteLineAsync(line);
            return code;
        }
    }
}
