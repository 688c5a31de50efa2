using System.CommandLine;
using Pilotlight.Cli.Commands;

namespace Pilotlight.Cli;

/// <summary>The <c>pilotlight</c> command line: parses, dispatches, and turns every failure into one line and an exit code.</summary>
internal static class PilotlightCommand
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
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
            InitCommand.Create(json, context),
            LabCommand.Create(json, context),
            DemoCommand.Create(json, context),
            FailoverCommand.Create(json, context),
            FailoverCommand.History(json, context),
            WatchCommand.Create(json, context),
            StatusCommand.Create(json, context),
            ApproveCommand.Create(approve: true, json, context),
            ApproveCommand.Create(approve: false, json, context),
            BenchCommand.Create(json, context),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var first = parse.Errors[0].Message.ReplaceLineEndings(" ");
            await context.Error.WriteLineAsync($"pilotlight: {first} (see pilotlight --help)");
            return ExitCodes.Usage;
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            };
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("pilotlight: cancelled");
            return ExitCodes.Failed;
        }
        catch (Core.State.DamagedStateException e)
        {
            await context.Error.WriteLineAsync($"pilotlight: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.DamagedState;
        }
#pragma warning disable CA1031 // The last line of defence: a user sees one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync($"pilotlight: internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("PILOTLIGHT_DEBUG") == "1")
            {
                await context.Error.WriteLineAsync(e.ToString());
            }

            return ExitCodes.Failed;
        }
    }
}
