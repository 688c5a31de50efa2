using System.Diagnostics;
using System.Text;

namespace Pilotlight.Processes;

/// <summary>
/// Runs a command line of the user's through <c>/bin/sh -c</c> in a session and process group of its own, with a
/// timeout. On timeout or cancel the whole group and every descendant of the shell is killed by PID, so a command
/// that started helpers (<c>cmd &amp;</c>, a pipeline) leaves nothing behind.
/// </summary>
public static class ShellCommand
{
    /// <summary>Output beyond this many characters per stream is dropped: commands here print a small JSON document.</summary>
    public const int MaxCapturedChars = 1024 * 1024;

    // After the kill, how long the output pipes may stay open: only a descendant that left the group holds them.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="commandLine"/> with the caller's environment plus <paramref name="environment"/>.</summary>
    public static async Task<CommandResult> RunAsync(
        string commandLine,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        TimeSpan timeout,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(clock);

        // setsid execs into the shell (the child of a non-leader is no group leader, so it does not fork): the PID
        // is the shell's, and it leads a new group whose id is that PID.
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(commandLine);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CommandResult(127, "", $"cannot run /bin/sh under setsid: {e.Message}", TimedOut: false);
        }

        var leader = ProcessRecord.Of(process.Id, "sh");
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeoutSource = new CancellationTokenSource(timeout, clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            // Returns once the shell exited and both pipes closed, so the builders are complete.
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            KillGroup(process.Id, leader);
            using var drain = new CancellationTokenSource(DrainGrace);
            try
            {
                await process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                // Something that left the group still holds the output open; the shell and its group are dead.
            }

            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(-1, Snapshot(output), Snapshot(error), TimedOut: true);
        }

        return new CommandResult(process.ExitCode, Snapshot(output), Snapshot(error), TimedOut: false);
    }

    private static void KillGroup(int groupId, ProcessRecord? leader)
    {
        // The tree first, while the shell still holds its children: a helper that made a group of its own is only
        // found through its parent. Then the group, which also holds helpers orphaned by a shell that exited.
        var tree = leader is { IsAlive: true } ? ProcessTree.Descendants(leader) : [];
        Signals.SendGroup(groupId, Signals.Kill);
        foreach (var descendant in tree)
        {
            Signals.Send(descendant, Signals.Kill);
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            if (builder.Length < MaxCapturedChars)
            {
                builder.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
