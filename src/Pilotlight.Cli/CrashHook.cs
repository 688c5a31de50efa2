using Pilotlight.Processes;

namespace Pilotlight.Cli;

/// <summary>
/// A test hook: with <see cref="Variable"/> set to a step id, the command kills itself (SIGKILL) right after journaling
/// that step, so resume tests can crash an execution between any two steps.
/// </summary>
internal static class CrashHook
{
    public const string Variable = "PILOTLIGHT_CRASH_AFTER_STEP";

    /// <summary>The hook when the variable is set, else null.</summary>
    public static Func<string, Task>? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } target ? step => CrashAfterAsync(target, step) : null;

    private static async Task CrashAfterAsync(string target, string step)
    {
        if (step == target && ProcessRecord.Of(Environment.ProcessId, "controller") is { } self)
        {
            Signals.Send(self, Signals.Kill);
            await Task.Delay(Timeout.Infinite);
        }
    }
}
