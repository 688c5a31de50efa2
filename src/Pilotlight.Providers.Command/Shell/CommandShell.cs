using Pilotlight.Core.Durations;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Command.Shell;

/// <summary>
/// Runs plan commands in the plan's directory and turns every failure into one line thrown as
/// <see cref="InvalidOperationException"/>: a timeout, a non-zero exit, output that is not the JSON expected. A line
/// names the command and quotes at most its error output, never its environment.
/// </summary>
internal sealed class CommandShell(string workingDirectory, TimeProvider clock)
{
    private const int MaxErrorChars = 200;
    private const int MaxEchoChars = 80;

    public TimeProvider Clock => clock;

    /// <summary>What the command printed on standard output, once it exited 0 within <paramref name="timeout"/>.</summary>
    public async Task<string> RunAsync(CommandCall call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var result = await ShellCommand.RunAsync(call.Template.Render(call.Values), call.Environment, workingDirectory, timeout, clock, cancellationToken);
        if (result.TimedOut)
        {
            throw new InvalidOperationException($"{call} timed out after {DurationText.Format(timeout)}; it was killed");
        }

        if (result.ExitCode != 0)
        {
            var last = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            var detail = last is null ? " with no error output" : $": {Shorten(last, MaxErrorChars)}";
            throw new InvalidOperationException($"{call} exited {result.ExitCode}{detail}");
        }

        return result.Output;
    }

    /// <summary>The error for output that is not the JSON <paramref name="shape"/> the command should print.</summary>
    public static InvalidOperationException NotExpected(CommandCall call, string shape, string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = string.Join(' ', output.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length == 0
            ? new InvalidOperationException($"{call} printed nothing, not the JSON expected ({shape})")
            : new InvalidOperationException($"{call} printed something that is not the JSON expected ({shape}): {Shorten(text, MaxEchoChars)}");
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max];
}
