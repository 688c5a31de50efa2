namespace Pilotlight.Cli.Commands;

/// <summary>Runs a command's action and turns the failures a user can act on into one line (and a JSON error) with exit code 1.</summary>
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
    }
}
