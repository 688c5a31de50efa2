namespace Pilotlight.Cli;

/// <summary>
/// Progress lines written when they are reported, on the reporting thread, in order. (<see cref="Progress{T}"/>
/// posts each line to the thread pool: on a busy machine <c>lab up</c>'s lines appeared only after the work they
/// announced, and a Ctrl-C sent on the first one found the command already done.)
/// </summary>
internal sealed class LineProgress(TextWriter output, string indent) : IProgress<string>
{
    private readonly Lock _gate = new();

    public void Report(string value)
    {
        lock (_gate)
        {
            output.WriteLine($"{indent}{value}");
            output.Flush();
        }
    }
}
