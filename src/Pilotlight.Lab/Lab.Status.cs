using System.Collections.Immutable;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Local.Objects;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>Observes every part of the lab; never changes anything, never throws for a part that is down.</summary>
    public async Task<LabStatus> StatusAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        RequireLab();
        var state = State;
        var databases = new PostgresDatabaseProvider(LabLayout.Sites.ToDictionary(s => s, Database));
        var objects = Objects(clock);

        // Measured the way replication runs; a damaged direction file is refused with one line, as lab.json is.
        var recorded = await objects.GetDirectionAsync(cancellationToken);
        var direction = recorded ?? UnrecordedObjectsDirection;
        var entry = Entry;
        var trafficTask = SafeTrafficAsync(entry, cancellationToken);
        var sites = await Task.WhenAll(LabLayout.Sites.Select(async site =>
        {
            var node = Database(site);
            var compute = Compute(site);
            var databaseTask = databases.GetStatusAsync(site, cancellationToken);
            var instancesTask = compute.GetInstancesAsync(cancellationToken);
            ObjectBacklog? backlog = site == direction.Target ? await objects.GetBacklogAsync(direction.Source, site, cancellationToken) : null;
            var daemons = Daemons.Where(d => d.Site == site)
                .Select(d => RunningDaemon(d) is { } r ? new DaemonStatus(d.Name, r.Pid, true, r.IsStopped) : new DaemonStatus(d.Name, null, false));
            return new SiteStatus(
                site,
                Layout.DatabasePort(site),
                node.ConnectionString,
                await databaseTask,
                node.Running?.Pid,
                Layout.ObjectsDirectory(site),
                backlog,
                compute.Desired,
                await instancesTask,
                [.. daemons],
                ReadDisaster(site)?.Mode.ToString().ToLowerInvariant(),
                node.IsFenceMarked);
        }));

        var traffic = await trafficTask;
        return new LabStatus(
            Layout.StateDirectory,
            Layout.EntryUrl,
            Layout.PlanPath,
            state.Synchronous,
            traffic?.ActiveSite,
            [.. sites],
            new ProcessStatus("haproxy", entry.Running?.Pid, entry.Running is not null),
            traffic?.Servers ?? [])
        {
            ObjectsDirection = direction,
            ObjectsDirectionRecorded = recorded is not null,
        };
    }

    private static async Task<TrafficStatus?> SafeTrafficAsync(Providers.HAProxy.HaproxyEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            return await entry.GetStatusAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
        {
            return null;
        }
    }
}
