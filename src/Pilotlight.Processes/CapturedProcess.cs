using System.Diagnostics;
using System.Text;

namespace Pilotlight.Processes;

/// <summary>
/// A short-lived child process whose standard output and error are captured line by line (up to a bound per
/// stream) and whose standard input is given a text (e.g. a script for <c>sh -s</c>) or closed at once: what <see cref="CommandRunner"/> and <see cref="ShellCommand"/>
/// share. Killing it, and how, stays with them.
/// </summary>
internal sealed class CapturedProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly int _maxChars;

    private CapturedProcess(Process process, int maxChars)
    {
        Process = process;
        _maxChars = maxChars;
    }

    public Process Process { get; }

    /// <summary>Redirected standard streams, no shell, the environment of this process plus <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>
    /// Starts the process and its capture, writes <paramref name="input"/> (if any) to its standard input and closes
    /// it; null (with why) when the program cannot be run at all.
    /// </summary>
    public static CapturedProcess? Start(ProcessStartInfo start, int maxChars, out string? failure, string? input = null)
    {
        var captured = new CapturedProcess(new Process { StartInfo = start }, maxChars);
        captured.Process.OutputDataReceived += (_, e) => captured.Append(captured._output, e.Data);
        captured.Process.ErrorDataReceived += (_, e) => captured.Append(captured._error, e.Data);
        try
        {
            captured.Process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            captured.Dispose();
            failure = e.Message;
            return null;
        }

        // Output is read before input is written, so a process that writes much before reading cannot block both.
        captured.Process.BeginOutputReadLine();
        captured.Process.BeginErrorReadLine();
        try
        {
            if (input is not null)
            {
                captured.Process.StandardInput.Write(input);
            }

            captured.Process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited without reading all of its input (e.g. `false`): its exit code says what happened.
        }

        failure = null;
        return captured;
    }

    /// <summary>What was captured so far, with the exit code given (complete once WaitForExitAsync returned).</summary>
    public CommandResult Result(int exitCode, bool timedOut) => new(exitCode, Snapshot(_output), Snapshot(_error), timedOut);

    public void Dispose() => Process.Dispose();

    private void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            if (builder.Length < _maxChars)
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
