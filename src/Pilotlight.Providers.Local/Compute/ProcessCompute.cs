using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Pilotlight.Processes;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local.Compute;

/// <summary>
/// One site's compute as local processes, one port each. Scaling starts or stops instances and waits until
/// each answers ready; <see cref="ReconcileAsync"/> restarts instances that died while they are wanted. The
/// desired count and each instance's PID are files under the state directory, so any process can act on them.
/// </summary>
public sealed partial class ProcessCompute
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly ProcessComputeOptions _options;

    public ProcessCompute(ProcessComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Directory.CreateDirectory(options.StateDirectory);
        Directory.CreateDirectory(options.LogDirectory);
    }

    public string Site => _options.Site;

    /// <summary>How many instances are wanted; 0 when never scaled.</summary>
    public int Desired => File.Exists(DesiredPath) && int.TryParse(File.ReadAllText(DesiredPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>
    /// A fingerprint of what an instance runs: the first argument when it is a file (the application's assembly
    /// behind <c>dotnet</c>), else the program itself; null when neither is there.
    /// </summary>
    public string? ArtifactVersion
    {
        get
        {
            var path = _options.Arguments.Length > 0 && File.Exists(_options.Arguments[0]) ? _options.Arguments[0] : _options.FileName;
            return File.Exists(path) ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))[..12] : null;
        }
    }

    private string DesiredPath => Path.Combine(_options.StateDirectory, "desired");

    public async Task ScaleAsync(int count, CancellationToken cancellationToken)
    {
        if (count < 0 || count > _options.MaxInstances)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"site {Site} runs 0 to {_options.MaxInstances} instances");
        }

        await using (await SiteLock.AcquireAsync(Path.Combine(_options.StateDirectory, "lock"), cancellationToken))
        {
            await File.WriteAllTextAsync(DesiredPath, count.ToString(CultureInfo.InvariantCulture), cancellationToken);
            for (var i = _options.MaxInstances - 1; i >= count; i--)
            {
                if (Read(i) is { } record)
                {
                    await Signals.StopAsync(record, TimeSpan.FromSeconds(5), cancellationToken);
                    File.Delete(RecordPath(i));
                }
            }

            var started = new List<int>();
            for (var i = 0; i < count; i++)
            {
                if (Read(i) is not { IsAlive: true })
                {
                    Start(i);
                    started.Add(i);
                }
            }

            await Task.WhenAll(Enumerable.Range(0, count).Select(i => WaitReadyAsync(i, cancellationToken)));
        }
    }

    /// <summary>
    /// Fences the site's compute: no instance is wanted any more, and every running one — frozen ones too — is
    /// frozen and killed at once by PID. Takes no lock, so a frozen supervisor holding it cannot delay the fence.
    /// </summary>
    public async Task FenceAsync(CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(DesiredPath, "0", cancellationToken);
        var running = RunningProcesses();
        foreach (var process in running)
        {
            Signals.Send(process, Signals.Stop);
        }

        foreach (var process in running)
        {
            Signals.Send(process, Signals.Kill);
        }

        foreach (var process in running)
        {
            if (!await Signals.WaitForExitAsync(process, TimeSpan.FromSeconds(5), cancellationToken))
            {
                throw new InvalidOperationException($"not fenced: {process} did not exit after SIGKILL");
            }
        }
    }

    /// <summary>Restarts wanted instances that are not running; returns how many it started.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var desired = Desired;
        var dead = Enumerable.Range(0, desired).Where(i => Read(i) is not { IsAlive: true }).ToList();
        if (dead.Count == 0)
        {
            return 0;
        }

        await using (await SiteLock.AcquireAsync(Path.Combine(_options.StateDirectory, "lock"), cancellationToken))
        {
            var restarted = 0;
            for (var i = 0; i < Math.Min(Desired, _options.MaxInstances); i++)
            {
                if (Read(i) is not { IsAlive: true })
                {
                    Start(i);
                    restarted++;
                }
            }

            return restarted;
        }
    }

    /// <summary>
    /// Every instance that runs or is wanted, each asked for readiness and health at once, so a frozen or hung site
    /// costs one timeout, not one per question; a frozen (SIGSTOP) instance is reported so without asking it.
    /// </summary>
    public async Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(CancellationToken cancellationToken)
    {
        var desired = Desired;
        var instances = await Task.WhenAll(Enumerable.Range(0, _options.MaxInstances).Select(async i =>
        {
            var record = Read(i);
            if (record is null && i >= desired)
            {
                return null;
            }

            if (record is not { IsAlive: true })
            {
                return new InstanceStatus(Site, i, Port(i), null, false, false, "not running") { Address = Address(i) };
            }

            if (record.IsStopped)
            {
                return new InstanceStatus(Site, i, Port(i), record.Pid, true, false, "frozen: not answering") { Address = Address(i) };
            }

            var ready = AnswersAsync(Port(i), _options.ReadyPath, cancellationToken);
            var health = AnswersAsync(Port(i), _options.HealthPath, cancellationToken);
            return new InstanceStatus(Site, i, Port(i), record.Pid, true, (await ready).Ok, (await health).Detail) { Address = Address(i), ArtifactVersion = ArtifactVersion };
        }));
        return [.. instances.OfType<InstanceStatus>()];
    }

    /// <summary>The records of every instance process that is alive, for stopping or signalling the site.</summary>
    public IReadOnlyList<ProcessRecord> RunningProcesses() =>
        [.. Enumerable.Range(0, _options.MaxInstances).Select(Read).Where(r => r is { IsAlive: true }).Select(r => r!)];

    public int Port(int index) => _options.BasePort + index;

    /// <summary>Where instance <paramref name="index"/> serves, as host:port.</summary>
    public string Address(int index) => string.Create(CultureInfo.InvariantCulture, $"{_options.Host}:{Port(index)}");

    /// <summary>The most instances this site runs.</summary>
    public int MaxInstances => _options.MaxInstances;

    private void Start(int index)
    {
        var spec = new ProcessSpec
        {
            Name = $"{Site}{index + 1}",
            FileName = _options.FileName,
            Arguments = _options.Arguments,
            Environment = _options.Environment.SetItem(_options.PortVariable, Port(index).ToString(CultureInfo.InvariantCulture)),
            WorkingDirectory = _options.WorkingDirectory,
            LogPath = LogPath($"{Site}{index + 1}"),
            NetworkNamespace = _options.NetworkNamespace,
        };
        var record = ProcessLauncher.StartDetached(spec);
        File.WriteAllText(RecordPath(index), JsonSerializer.Serialize(record));
    }

    private Task WaitReadyAsync(int index, CancellationToken cancellationToken) =>
        WaitReadyAsync($"{Site}{index + 1}", Port(index), () => Read(index), cancellationToken);

    private async Task WaitReadyAsync(string instance, int port, Func<ProcessRecord?> read, CancellationToken cancellationToken) =>
        await Poll.UntilAsync(
            async ct =>
            {
                if (read() is not { IsAlive: true })
                {
                    throw new InvalidOperationException($"instance {instance} exited while starting; see {LogPath(instance)}");
                }

                return await AnswersAsync(port, _options.ReadyPath, ct) is (true, _);
            },
            _options.ReadyTimeout,
            $"instance {instance} to answer {_options.ReadyPath} on port {port}",
            cancellationToken);

    private string LogPath(string instance) => Path.Combine(_options.LogDirectory, $"instance-{instance}.log");

    private async Task<(bool Ok, string Detail)> AnswersAsync(int port, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{_options.Host}:{port}{path}")), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return ((int)response.StatusCode == 200, (int)response.StatusCode == 200 ? "ok" : $"{(int)response.StatusCode} {Trim(body)}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (false, e is TaskCanceledException ? "no answer within 2s" : e.Message);
        }
    }

    private static string Trim(string text) => text.Length > 200 ? text[..200] : text;

    private string RecordPath(int index) => Path.Combine(_options.StateDirectory, $"instance-{index}.json");

    private ProcessRecord? Read(int index) => ReadRecord(RecordPath(index));

    private static ProcessRecord? ReadRecord(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<ProcessRecord>(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
