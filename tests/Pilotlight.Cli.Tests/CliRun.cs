namespace Pilotlight.Cli.Tests;

/// <summary>Runs the real <c>pilotlight</c> command in-process and captures what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static Task<CliRun> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, CancellationToken.None, args);

    /// <summary>With a standard output of the test's own (it is captured either way) and a cancellation token.</summary>
    public static async Task<CliRun> RunAsync(string workingDirectory, StringWriter? output, CancellationToken cancellationToken, params string[] args)
    {
        using var own = new StringWriter();
        output ??= own;
        using var error = new StringWriter();
        var context = new CliContext(output, error, new StoppedClock(Now), workingDirectory);
        var code = await PilotlightCommand.RunAsync(args, context, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
