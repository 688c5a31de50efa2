using System.Text.Json;
using Pilotlight.Processes;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>
    /// <c>lab down</c> without a trustworthy <c>lab.json</c>: no ports, sites' addresses or active site to go by, only
    /// the PID records under the state directory — the daemons', the compute instances', HAProxy's, and each data
    /// directory's postmaster.pid — each process stopped if it is still the one recorded.
    /// </summary>
    private async Task StopByRecordsAsync(List<string> stopped, List<string> unreadable, CancellationToken cancellationToken)
    {
        var daemons = Path.Combine(Layout.StateDirectory, "daemons");
        var records = new List<string>(Directory.Exists(daemons) ? Directory.EnumerateFiles(daemons, "*.json").Order(StringComparer.Ordinal) : []);
        foreach (var site in LabLayout.Sites)
        {
            var compute = Layout.ComputeDirectory(site);
            if (Directory.Exists(compute))
            {
                records.AddRange(Directory.EnumerateFiles(compute, "instance-*.json").Order(StringComparer.Ordinal));
            }
        }

        records.Add(Path.Combine(Layout.HaproxyDirectory, "haproxy.pid.json"));
        foreach (var path in records.Where(File.Exists))
        {
            if (ReadRecord(path, unreadable) is { IsAlive: true } record)
            {
                await Signals.StopAsync(record, TimeSpan.FromSeconds(5), cancellationToken);
                stopped.Add(record.ToString());
            }
        }

        await StopDrillsAsync(stopped, cancellationToken);

        // Standbys first, as lab down does with a state: a primary waiting for a synchronous standby would hang.
        foreach (var site in LabLayout.Sites.OrderBy(s => File.Exists(Path.Combine(Layout.DatabaseDataDirectory(s), "standby.signal")) ? 0 : 1))
        {
            var node = new PostgresNode(new PostgresNodeOptions
            {
                Site = site,
                BinDir = _options.PostgresBinDirectory,
                DataDir = Layout.DatabaseDataDirectory(site),
                Port = Layout.DatabasePort(site),
                LogPath = Path.Combine(Layout.DatabaseDirectory(site), "postgres.log"),
                RunAsUser = DatabaseUser,
            });
            if (node.Running is { } postgres)
            {
                await StopPostgresAsync(postgres, cancellationToken);
                stopped.Add(postgres.ToString());
            }
        }
    }

    // As PostgresNode.StopAsync, without waiting for a port: without lab.json the port is not known.
    private static async Task StopPostgresAsync(ProcessRecord postgres, CancellationToken cancellationToken)
    {
        Signals.SendGroup(postgres, Signals.Cont);
        Signals.Send(postgres, Signals.Interrupt);
        if (!await Signals.WaitForExitAsync(postgres, TimeSpan.FromSeconds(10), cancellationToken))
        {
            Signals.SendGroup(postgres, Signals.Kill);
            if (!await Signals.WaitForExitAsync(postgres, TimeSpan.FromSeconds(10), cancellationToken))
            {
                throw new InvalidOperationException($"{postgres} did not exit after SIGKILL");
            }
        }
    }

    private ProcessRecord? ReadRecord(string path, List<string> unreadable)
    {
        try
        {
            if (JsonSerializer.Deserialize<ProcessRecord>(File.ReadAllText(path)) is { Pid: > 0 } record)
            {
                return record;
            }
        }
        catch (JsonException)
        {
        }

        unreadable.Add(Path.GetRelativePath(Layout.StateDirectory, path));
        return null;
    }
}
