using Pilotlight.Core.State;
using Pilotlight.Engine;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// Runs a command's action and turns the failures a user can act on into one line (and with --json one JSON error
/// document): exit code 2 for a missing or invalid plan, 4 for a damaged state directory, 1 for the rest.
/// </summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(CliContext context, bool json, string prefix, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (PlanRejectedException e)
        {
            return await FailAsync(context, json, prefix, e.Message, ExitCodes.InvalidPlan);
        }
        catch (DamagedStateException e)
        {
            return await DamagedAsync(context, json, prefix, e);
        }
        catch (Exception e) when (e is EngineException or Lab.LabException or TimeoutException or IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
        {
            return await FailAsync(context, json, prefix, e.Message, ExitCodes.Failed);
        }
    }

    /// <summary>A damaged state directory: its one line (and a JSON error), exit code 4.</summary>
    public static async Task<int> DamagedAsync(CliContext context, bool json, string prefix, DamagedStateException damaged)
    {
        ArgumentNullException.ThrowIfNull(damaged);
        if (json)
        {
            Json.Write(context.Out, new { ok = false, error = damaged.Message, damaged = damaged.Path, exit_code = ExitCodes.DamagedState });
        }

        await context.Error.WriteLineAsync($"{prefix}: {damaged.Message.ReplaceLineEndings(" ")}");
        return ExitCodes.DamagedState;
    }

    private static async Task<int> FailAsync(CliContext context, bool json, string prefix, string message, int code)
    {
        if (json)
        {
            Json.Write(context.Out, new { ok = false, error = message, exit_code = code });
        }

        // A plan's problems are one per line; anything else is one line.
        foreach (var line in code == ExitCodes.InvalidPlan ? message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [message.ReplaceLineEndings(" ")])
        {
            await context.Error.WriteLineAsync($"{prefix}: {line}");
        }

        return code;
    }
}
