using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pilotlight.Core.Providers;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Local.Compute;

public sealed partial class ProcessCompute
{
    private const string DrillPrefix = "drill-";

    /// <summary>Where an isolated drill's instance i listens: the drill base port + i.</summary>
    public int DrillPort(int index) => (_options.DrillBasePort ?? _options.BasePort + ProcessComputeOptions.DefaultDrillOffset) + index;

    /// <summary>
    /// Starts <paramref name="count"/> instances for isolated drill <paramref name="name"/> on the drill ports, with the
    /// site's environment and <see cref="ProcessComputeOptions.DrillEnvironment"/> filled in from
    /// <paramref name="database"/> over it; their PID records live in <c>drill-&lt;name&gt;/</c> under the state
    /// directory. Returns once each answers ready; instances of this drill already running are kept. One drill at a
    /// time per site (they share the ports); an instance that exits while starting stops them all.
    /// </summary>
    public async Task<ImmutableArray<InstanceStatus>> StartIsolatedAsync(string name, int count, DatabaseClone database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        CheckDrillName(name);
        if (count < 1 || count > _options.MaxInstances)
        {
            throw new ArgumentException($"isolated drill {name} on site {Site}: {count} instances; expected 1 to {_options.MaxInstances}", nameof(count));
        }

        if (_options.DrillEnvironment.IsEmpty)
        {
            throw new InvalidOperationException($"site {Site}'s compute has no drill_env: nothing would point isolated instances at the clone; expected drill_env with the database setting using {{database_host}} and {{database_port}}");
        }

        await using (await SiteLock.AcquireAsync(Path.Combine(_options.StateDirectory, "drill.lock"), cancellationToken))
        {
            if (RunningDrills().FirstOrDefault(d => d != name) is { } other)
            {
                throw new InvalidOperationException($"site {Site} already runs isolated drill {other} on ports from {DrillPort(0)}; stop it first");
            }

            var directory = DrillDirectory(name);
            Directory.CreateDirectory(directory);
            for (var i = _options.MaxInstances - 1; i >= count; i--)
            {
                await StopRecordAsync(DrillRecordPath(name, i), cancellationToken);
            }

            var environment = _options.Environment
                .SetItems(_options.DrillEnvironment.Select(v => KeyValuePair.Create(v.Key, Fill(v.Value, name, database))));
            for (var i = 0; i < count; i++)
            {
                if (ReadRecord(DrillRecordPath(name, i)) is not { IsAlive: true })
                {
                    // In a namespace of its own the port cannot be checked from here; the instance says so as it exits.
                    if (_options.NetworkNamespace is null && !Ports.IsFree(DrillPort(i)))
                    {
                        await StopDrillAsync(name, CancellationToken.None);
                        throw new InvalidOperationException($"isolated drill {name} on site {Site}: port {DrillPort(i)} is in use{(Ports.Owner(DrillPort(i)) is { } owner ? $" by {owner}" : "")}; expected the drill ports from {DrillPort(0)} free (drill_base_port)");
                    }

                    StartDrillInstance(name, i, environment);
                }
            }

            try
            {
                await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
                {
                    var path = DrillRecordPath(name, i);
                    return WaitReadyAsync(DrillInstanceName(name, i), DrillPort(i), () => ReadRecord(path), cancellationToken);
                }));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                await StopDrillAsync(name, CancellationToken.None);
                throw;
            }

            return [.. Enumerable.Range(0, count).Select(i =>
                new InstanceStatus(Site, i, DrillPort(i), ReadRecord(DrillRecordPath(name, i))?.Pid, true, true, "ok")
                {
                    Address = string.Create(CultureInfo.InvariantCulture, $"{_options.Host}:{DrillPort(i)}"),
                    ArtifactVersion = ArtifactVersion,
                })];
        }
    }

    /// <summary>Stops every instance of isolated drill <paramref name="name"/> by PID and removes its records; nothing to do when none runs.</summary>
    public async Task StopIsolatedAsync(string name, CancellationToken cancellationToken)
    {
        CheckDrillName(name);
        await using (await SiteLock.AcquireAsync(Path.Combine(_options.StateDirectory, "drill.lock"), cancellationToken))
        {
            await StopDrillAsync(name, cancellationToken);
        }
    }

    /// <summary>The records of every isolated drill instance that is alive, whatever its drill: for lab down.</summary>
    public IReadOnlyList<ProcessRecord> IsolatedProcesses() =>
        [.. DrillRecordPaths(_options.StateDirectory).Select(ReadRecord).Where(r => r is { IsAlive: true }).Select(r => r!)];

    /// <summary>The PID record files of every isolated drill under a site's state directory (for a lab down that has no options).</summary>
    public static IEnumerable<string> DrillRecordPaths(string stateDirectory) =>
        Directory.Exists(stateDirectory)
            ? Directory.EnumerateDirectories(stateDirectory, DrillPrefix + "*").SelectMany(d => Directory.EnumerateFiles(d, "instance-*.json")).Order(StringComparer.Ordinal)
            : [];

    private IEnumerable<string> RunningDrills() =>
        Directory.EnumerateDirectories(_options.StateDirectory, DrillPrefix + "*")
            .Where(d => Directory.EnumerateFiles(d, "instance-*.json").Any(f => ReadRecord(f) is { IsAlive: true }))
            .Select(d => Path.GetFileName(d)[DrillPrefix.Length..]);

    private async Task StopDrillAsync(string name, CancellationToken cancellationToken)
    {
        var directory = DrillDirectory(name);
        if (!Directory.Exists(directory))
        {
            return;
        }

        // The list first: the loop deletes the files it walks.
        foreach (var path in Directory.GetFiles(directory, "instance-*.json"))
        {
            await StopRecordAsync(path, cancellationToken);
        }

        Directory.Delete(directory, recursive: true);
    }

    private static async Task StopRecordAsync(string path, CancellationToken cancellationToken)
    {
        if (ReadRecord(path) is { IsAlive: true } record)
        {
            await Signals.StopAsync(record, TimeSpan.FromSeconds(5), cancellationToken);
        }

        File.Delete(path);
    }

    private void StartDrillInstance(string name, int index, ImmutableDictionary<string, string> environment)
    {
        var instance = DrillInstanceName(name, index);
        var record = ProcessLauncher.StartDetached(new ProcessSpec
        {
            Name = instance,
            FileName = _options.FileName,
            Arguments = _options.Arguments,
            Environment = environment.SetItem(_options.PortVariable, DrillPort(index).ToString(CultureInfo.InvariantCulture)),
            WorkingDirectory = _options.WorkingDirectory,
            LogPath = LogPath(instance),
            NetworkNamespace = _options.NetworkNamespace,
        });
        File.WriteAllText(DrillRecordPath(name, index), JsonSerializer.Serialize(record));
    }

    private static string Fill(string template, string name, DatabaseClone database) => template
        .Replace("{database_host}", database.Host, StringComparison.Ordinal)
        .Replace("{database_port}", database.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{name}", name, StringComparison.Ordinal);

    private string DrillInstanceName(string name, int index) => $"{Site}-{DrillPrefix}{name}-{index + 1}";

    private string DrillDirectory(string name) => Path.Combine(_options.StateDirectory, DrillPrefix + name);

    private string DrillRecordPath(string name, int index) => Path.Combine(DrillDirectory(name), $"instance-{index}.json");

    private static void CheckDrillName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!DrillName().IsMatch(name))
        {
            throw new ArgumentException($"isolated drill name '{name}' is not valid; expected 1 to 63 letters, digits and dashes, not starting with a dash", nameof(name));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$")]
    private static partial Regex DrillName();
}
