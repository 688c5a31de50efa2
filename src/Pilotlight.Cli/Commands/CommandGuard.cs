namespace Pilotlight.Cli.Commands;

/// <summary>
/// Runs a command's action and turns the failures a user can act on into one line (and a JSON error): exit code 1,
/// or 4 for a damaged state directory.
/// </summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(CliContext context, bool json, string prefix, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is Lab.LabException or TimeoutException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            if (json)
            {
                Json.Write(context.Out, new { ok = false, error = e.Message });
            }

            await context.Error.WriteLineAsync($"{prefix}: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Failed;
        }
        catch (Lab.DamagedStateException e)
        {
            return await DamagedAsync(context, json, prefix, e);
        }
    }

    /// <summary>A damaged state directory: its one line (and a JSON error), exit code 4.</summary>
    public static async Task<int> DamagedAsync(CliContext context, bool json, string prefix, Lab.DamagedStateException damaged)
    {
        ArgumentNullException.ThrowIfNull(damaged);
        if (json)
        {
            Json.Write(context.Out, new { ok = false, error = damaged.Message, damaged = damaged.Path });
        }

        await context.Error.WriteLineAsync($"{prefix}: {damaged.Message.ReplaceLineEndings(" ")}");
        return ExitCodes.DamagedState;
    }
}
