using System.Diagnostics;
using System.Text.Json;
using Pilotlight.Processes;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>
/// The controller as a real process — <c>dotnet pilotlight.dll watch --state-dir DIR --json</c> — whose JSON lines
/// are kept as they come, killed (SIGKILL) or stopped by its own PID, never by name.
/// </summary>
internal sealed class ControllerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<WatchLine> _lines = [];
    private readonly List<string> _errors = [];

    private ControllerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        Record = ProcessRecord.Of(process.Id, name) ?? throw new InvalidOperationException($"{name} (pid {process.Id}) exited at once");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lock (_lines)
                {
                    _lines.Add(Parse(line));
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lock (_lines)
                {
                    _errors.Add(line);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public ProcessRecord Record { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<WatchLine> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Transcript
    {
        get
        {
            lock (_lines)
            {
                return $"{Name} (pid {Record.Pid}):\n" + string.Join("\n", _lines.Select(l => $"  {l.At:HH:mm:ss.fff} {l.Kind,-8} {l.Text}")) + (_errors.Count > 0 ? "\n  stderr: " + string.Join("\n  stderr: ", _errors) : "");
            }
        }
    }

    public static ControllerProcess Start(Lab lab, string name)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Repository.CliAssembly, "watch", "--state-dir", lab.Layout.StateDirectory, "--json" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PILOTLIGHT_SHOP_DLL"] = Repository.ShopAssembly;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return new ControllerProcess(Process.Start(start)!, name);
    }

    public Task WaitForAsync(Func<WatchLine, bool> what, string description, TimeSpan timeout, CancellationToken cancellationToken) =>
        Eventually.HoldsAsync(
            () => Lines.Any(what) || (HasExited ? throw new InvalidOperationException($"{Name} exited ({ExitCode}) while waiting for {description}\n{Transcript}") : false),
            timeout,
            description,
            () => Transcript,
            cancellationToken);

    /// <summary>SIGKILL by PID, then waits until it is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        Signals.Send(Record, Signals.Kill);
        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Stops it as an operator would (SIGTERM by PID), SIGKILL if it does not go.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Signals.StopAsync(Record, TimeSpan.FromSeconds(10), CancellationToken.None);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
    }

    private static WatchLine Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return new WatchLine(root.GetProperty("at").GetDateTimeOffset(), root.GetProperty("kind").GetString() ?? "", root.GetProperty("text").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new WatchLine(DateTimeOffset.UtcNow, "output", line);
        }
    }
}

/// <summary>One JSON line of <c>pilotlight watch --json</c>.</summary>
internal sealed record WatchLine(DateTimeOffset At, string Kind, string Text);
