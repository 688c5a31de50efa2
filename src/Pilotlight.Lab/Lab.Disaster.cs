using System.Collections.Immutable;
using System.Text.Json;
using Pilotlight.Processes;

using Pilotlight.Engine;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>
    /// Simulates the loss of a site: every process of the site — its database server with all its children
    /// (backends, walsender, checkpointer…), its Shop instances, its compute supervisor, and the object replicator
    /// if it runs there, each with everything below it — is frozen (SIGSTOP), or frozen first and then killed
    /// (SIGKILL) so that none of them acts between the signals, as in a region lost at one instant; or the site's
    /// network link is cut (partition) while its processes run on, unreachable. Returns one line per process of
    /// the site that Pilotlight started.
    /// </summary>
    public async Task<ImmutableArray<string>> DisasterAsync(string site, DisasterMode mode, CancellationToken cancellationToken)
    {
        LabLayout.SiteIndex(site);
        RequireLab();
        await using var labLock = await StateLock.AcquireAsync(Layout.LockPath, cancellationToken);
        if (mode == DisasterMode.Partition)
        {
            if (!State.Netns)
            {
                await LabNetwork.CheckAvailableAsync(cancellationToken);
                throw new LabException("--mode partition needs a lab whose sites have network namespaces of their own: start it with lab up --netns (as root)");
            }

            await Network.PartitionAsync(site, cancellationToken);
            await File.WriteAllTextAsync(DisasterPath(site), JsonSerializer.Serialize(new SiteDisaster(mode, [])), cancellationToken);
            return [$"site {site} cut off from the network ({Network.Namespace(site)})"];
        }

        var roots = SiteProcesses(site);
        var frozen = await FreezeAsync(roots, cancellationToken);
        ImmutableArray<ProcessRecord> processes = [.. frozen.SelectMany(f => f.Below.Prepend(f.Root)).DistinctBy(p => p.Pid)];

        // Recorded before the kill too, so that a disaster cut short leaves the frozen processes findable by PID.
        await File.WriteAllTextAsync(DisasterPath(site), JsonSerializer.Serialize(new SiteDisaster(mode, processes)), cancellationToken);
        if (mode == DisasterMode.Kill)
        {
            await KillAsync(processes, cancellationToken);
        }

        return [.. frozen.Select(f => f.Below.Count > 0 ? $"{f.Root} and {f.Below.Count} process(es) below it" : f.Root.ToString())];
    }

    /// <summary>
    /// Brings a lost site's infrastructure back as a real region comes back: a partitioned site is reconnected; a
    /// frozen site continues (SIGCONT); a killed site gets its database server and object replication restarted from their directories as they are — a
    /// returning old primary still believes it is primary. Compute is not restarted: that is the controller's decision.
    /// </summary>
    public async Task<ImmutableArray<string>> RecoverAsync(string site, CancellationToken cancellationToken)
    {
        LabLayout.SiteIndex(site);
        RequireLab();
        await using var labLock = await StateLock.AcquireAsync(Layout.LockPath, cancellationToken);
        var disaster = ReadDisaster(site) ?? throw new LabException($"site {site} has had no disaster to recover from");
        var actions = new List<string>();
        if (disaster.Mode == DisasterMode.Partition)
        {
            await Network.HealAsync(site, cancellationToken);
            actions.Add($"reconnected site {site} ({Network.Namespace(site)})");
        }
        else if (disaster.Mode == DisasterMode.Stop)
        {
            foreach (var process in disaster.Processes)
            {
                if (Continue(process))
                {
                    actions.Add($"continued {process}");
                }
            }
        }
        else
        {
            var database = Database(site);
            if (database.Running is null)
            {
                var record = await database.StartAsync(cancellationToken);
                actions.Add($"restarted {record}");
            }

            // Its compute supervisor and its replicator were killed with it: both run again (the supervisor starts
            // no instance the site does not want; a fenced site wants none).
            foreach (var daemon in Daemons.Where(d => d.Site == site))
            {
                if (RunningDaemon(daemon) is null)
                {
                    actions.Add($"restarted {StartDaemon(daemon)}");
                }
            }
        }

        File.Delete(DisasterPath(site));
        return [.. actions];
    }

    private void RequireLab()
    {
        if (!Exists)
        {
            throw new LabException($"no lab in {Layout.StateDirectory}; start one with: pilotlight lab up --state-dir {Layout.StateDirectory}");
        }

        // A damaged lab.json is refused here, before anything reads ports or sites from it.
        _ = State;
    }

    /// <summary>Whether a disaster of the site is recorded and not yet recovered from.</summary>
    public bool IsLost(string site) => File.Exists(DisasterPath(site));

    private string DisasterPath(string site) => Path.Combine(Layout.StateDirectory, $"disaster-{site}.json");

    private SiteDisaster? ReadDisaster(string site)
    {
        try
        {
            return File.Exists(DisasterPath(site)) ? JsonSerializer.Deserialize<SiteDisaster>(File.ReadAllText(DisasterPath(site))) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record SiteDisaster(DisasterMode Mode, ImmutableArray<ProcessRecord> Processes);
}
