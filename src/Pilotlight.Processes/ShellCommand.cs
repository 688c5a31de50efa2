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
        var start = CapturedProcess.StartInfo("setsid", ["/bin/sh", "-c", commandLine], workingDirectory, environment);
        using var captured = CapturedProcess.Start(start, MaxCapturedChars, out var failure);
        if (captured is null)
        {
            return new CommandResult(127, "", $"cannot run /bin/sh under setsid: {failure}", TimedOut: false);
        }

        var process = captured.Process;
        var leader = ProcessRecord.Of(process.Id, "sh");
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
            return captured.Result(-1, timedOut: true);
        }

        return captured.Result(process.ExitCode, timedOut: false);
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
}
