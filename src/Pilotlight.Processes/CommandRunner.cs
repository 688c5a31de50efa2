namespace Pilotlight.Processes;

/// <summary>
/// Runs a short command to completion (initdb, pg_basebackup, haproxy -c) with a timeout, capturing its output; its
/// standard input is <c>standardInput</c> when given (e.g. a script for <c>sh -s</c>, so that quoting survives any
/// command prefix such as ssh), else empty.
/// </summary>
public static class CommandRunner
{
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        string? runAsUser = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        string? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var prefix = ProcessLauncher.RunAsPrefix(runAsUser);
        var start = CapturedProcess.StartInfo(
            prefix.Count > 0 ? prefix[0] : fileName,
            prefix.Count > 0 ? [.. prefix.Skip(1), fileName, .. arguments] : arguments,
            workingDirectory ?? Environment.CurrentDirectory,
            environment);
        using var captured = CapturedProcess.Start(start, int.MaxValue, out var failure, standardInput);
        if (captured is null)
        {
            return new CommandResult(127, "", $"cannot run {fileName}: {failure}", TimedOut: false);
        }

        var process = captured.Process;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return captured.Result(-1, timedOut: true);
        }

        // WaitForExitAsync returns after the output streams closed, so both builders are complete here.
        return captured.Result(process.ExitCode, timedOut: false);
    }
}

/// <summary>How a command ended, and what it wrote.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>The last non-empty line of error output (or output), for a one-line message.</summary>
    public string LastLine =>
        (Error + "\n" + Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {ExitCode}";
}
