using System.Text.Json;
using System.Text.RegularExpressions;
using Pilotlight.Processes;

namespace Pilotlight.Providers.HAProxy;

/// <summary>Starting and stopping the HAProxy process, recorded by PID next to its config.</summary>
public sealed partial class HaproxyEntry
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private string StateDirectory => Path.GetDirectoryName(Path.GetFullPath(_options.ConfigPath))!;

    private string RecordPath => Path.Combine(StateDirectory, "haproxy.pid.json");

    /// <summary>The HAProxy process this entry started, if it still runs.</summary>
    public ProcessRecord? Running
    {
        get
        {
            try
            {
                return JsonSerializer.Deserialize<ProcessRecord>(File.ReadAllText(RecordPath)) is { IsAlive: true } record ? record : null;
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>Starts HAProxy (or returns the running one) and returns once the frontend accepts and the admin socket answers.</summary>
    public async Task<ProcessRecord> StartAsync(CancellationToken cancellationToken)
    {
        if (Running is { } running)
        {
            return running;
        }

        var port = _options.Listen.Port;
        if (!Ports.IsFree(port))
        {
            throw new InvalidOperationException($"port {port} is in use by {Ports.Owner(port) ?? "an unknown process"}; the HAProxy entry cannot listen on {_options.Listen}");
        }

        foreach (var path in new[] { _options.ConfigPath, _options.LogPath, _options.AdminSocketPath })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }

        await HaproxyConfig.WriteAsync(_options, RoutedSites, cancellationToken);
        await CheckConfigAsync(cancellationToken);

        DeleteIfPresent(_options.AdminSocketPath);
        var record = ProcessLauncher.StartDetached(new ProcessSpec
        {
            Name = "haproxy",
            FileName = _options.Binary,
            Arguments = ["-db", "-f", _options.ConfigPath],
            LogPath = _options.LogPath,
        });
        await WriteRecordAsync(record, cancellationToken);
        try
        {
            await Poll.UntilAsync(ct => ReadyAsync(record, ct), ReadyTimeout, $"haproxy to listen on {_options.Listen} and answer on {_options.AdminSocketPath}", cancellationToken, TimeSpan.FromMilliseconds(20));
        }
        catch
        {
            // Half started is not started: leave nothing behind.
            await Signals.StopAsync(record, StopGrace, CancellationToken.None);
            throw;
        }

        return record;
    }

    /// <summary>Stops the recorded HAProxy (SIGTERM, then SIGKILL) and returns once it is gone and its port is free.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Running is { } running)
        {
            await Signals.StopAsync(running, StopGrace, cancellationToken);
            var port = _options.Listen.Port;
            await Poll.UntilAsync(_ => Task.FromResult(Ports.IsFree(port)), TimeSpan.FromSeconds(10), $"port {port} to be free after stopping {running}", cancellationToken);
        }

        DeleteIfPresent(RecordPath);
        DeleteIfPresent(_options.AdminSocketPath);
    }

    private async Task<bool> ReadyAsync(ProcessRecord record, CancellationToken cancellationToken)
    {
        if (!record.IsAlive)
        {
            throw new InvalidOperationException($"haproxy exited while starting: {LastLogLine() ?? $"see {_options.LogPath}"}");
        }

        if (!File.Exists(_options.AdminSocketPath) || !await Ports.AcceptsAsync(_options.Listen.Port, TimeSpan.FromMilliseconds(500), cancellationToken))
        {
            return false;
        }

        try
        {
            return !(await GetStatusAsync(cancellationToken)).Servers.IsEmpty;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException)
        {
            return false;
        }
    }

    private async Task CheckConfigAsync(CancellationToken cancellationToken)
    {
        var check = await CommandRunner.RunAsync(_options.Binary, ["-c", "-f", _options.ConfigPath], TimeSpan.FromSeconds(10), cancellationToken);
        if (!check.Succeeded)
        {
            // The first alert says what is wrong; the last ones only say that something was.
            var alert = (check.Error + "\n" + check.Output).Split('\n', StringSplitOptions.TrimEntries)
                .FirstOrDefault(l => l.StartsWith("[ALERT]", StringComparison.Ordinal) && !l.Contains("rror(s) found", StringComparison.Ordinal) && !l.Contains("Fatal errors", StringComparison.Ordinal));
            var reason = alert is null ? check.LastLine : AlertPrefix().Replace(alert, "");
            throw new InvalidOperationException($"haproxy rejects {_options.ConfigPath}: {reason}");
        }
    }

    private async Task WriteRecordAsync(ProcessRecord record, CancellationToken cancellationToken)
    {
        var temporary = RecordPath + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(record), cancellationToken);
        File.Move(temporary, RecordPath, overwrite: true);
    }

    private static void DeleteIfPresent(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string? LastLogLine()
    {
        try
        {
            return File.ReadLines(_options.LogPath).LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    // "[ALERT]    (15696) : config : [haproxy.cfg:14] : unexpected ..." → "[haproxy.cfg:14] : unexpected ..."
    [GeneratedRegex(@"^\[ALERT\]\s*\(\d+\)\s*:\s*(config\s*:\s*)?")]
    private static partial Regex AlertPrefix();
}
