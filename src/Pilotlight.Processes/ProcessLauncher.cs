using System.Diagnostics;

namespace Pilotlight.Processes;

/// <summary>
/// Starts long-running processes detached from the caller — own session, no terminal, output to a log file — so
/// they outlive a CLI command, and returns their <see cref="ProcessRecord"/> for stopping them later by PID.
/// </summary>
public static partial class ProcessLauncher
{
    public static bool IsRoot => geteuid() == 0;

    public static uint EffectiveUserId => geteuid();

    /// <summary>Starts the process; the PID is the program's own (setsid and sh exec into it).</summary>
    public static ProcessRecord StartDetached(ProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        // Each step execs the next, so the PID stays the program's: setsid → ip netns exec → setpriv → sh → program.
        if (spec.NetworkNamespace is { } ns)
        {
            start.ArgumentList.Add("ip");
            start.ArgumentList.Add("netns");
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(ns);
        }

        foreach (var argument in RunAsPrefix(spec.RunAsUser))
        {
            start.ArgumentList.Add(argument);
        }

        // sh redirects and execs into the program: no intermediate process, and the log is opened by the target user.
        start.ArgumentList.Add("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >>\"$PILOTLIGHT_LOG\" 2>&1");
        start.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PILOTLIGHT_LOG"] = spec.LogPath;
        foreach (var (key, value) in spec.Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {spec.Name}");
        return ProcessRecord.Of(process.Id, spec.Name) ?? new ProcessRecord(process.Id, 0, spec.Name);
    }

    /// <summary>The arguments that run a command as <paramref name="user"/>; empty when not root or no user is asked.</summary>
    public static IReadOnlyList<string> RunAsPrefix(string? user) =>
        user is null || !IsRoot ? [] : ["setpriv", $"--reuid={user}", $"--regid={user}", "--init-groups", "--"];

    [System.Runtime.InteropServices.LibraryImport("libc")]
    private static partial uint geteuid();
}
