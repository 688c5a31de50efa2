using Pilotlight.Processes;

using Pilotlight.Engine;

using Pilotlight.Core.State;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>
    /// Stops every process the lab started, by PID — daemons first so nothing is restarted behind our back — and
    /// proves the lab's ports are free. <paramref name="purge"/> also deletes the state directory.
    /// </summary>
    /// <remarks>
    /// With a damaged <c>lab.json</c> it still stops every process a PID record names (<see cref="StopByRecordsAsync"/>),
    /// then throws <see cref="DamagedStateException"/> saying so: without the state the ports cannot be checked. With
    /// <paramref name="purge"/> the damaged directory is gone afterwards and the result says what was wrong.
    /// </remarks>
    public async Task<LabDownResult> DownAsync(bool purge, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Layout.StateDirectory))
        {
            return new LabDownResult([], Purged: false);
        }

        DamagedStateException? damaged = null;
        try
        {
            _ = State;
        }
        catch (DamagedStateException e)
        {
            damaged = e;
        }

        var stopped = new List<string>();
        var unreadable = new List<string>();
        await using (await StateLock.AcquireAsync(Layout.LockPath, cancellationToken))
        {
            // First, so that a controller still watching stops instead of acting on a lab going away.
            await File.WriteAllTextAsync(Layout.DownMarkerPath, $"taken down at {DateTimeOffset.UtcNow:O}\n", cancellationToken);

            // A frozen site's processes act on no signal but SIGKILL: continue every one of them (a server's
            // children too, or it waits for them forever), so each stops below as it normally does.
            foreach (var site in LabLayout.Sites)
            {
                if (ReadDisaster(site) is { Mode: DisasterMode.Stop } frozen)
                {
                    foreach (var process in frozen.Processes)
                    {
                        Continue(process);
                    }
                }
            }

            if (damaged is null)
            {
                await StopAsync(stopped, cancellationToken);
            }
            else
            {
                await StopByRecordsAsync(stopped, unreadable, cancellationToken);
            }

            // Nothing of a lost site runs any more: the next lab up starts it whole.
            foreach (var site in LabLayout.Sites)
            {
                File.Delete(DisasterPath(site));
            }
        }

        if (purge)
        {
            await DeleteStateDirectoryAsync(cancellationToken);
        }

        if (damaged is null)
        {
            return new LabDownResult([.. stopped], purge);
        }

        var what = $"stopped {stopped.Count} process(es) by their PID records{(unreadable.Count == 0 ? "" : $" (unreadable: {string.Join(", ", unreadable)})")}";
        return purge
            ? new LabDownResult([.. stopped], purge) { StateProblem = $"{damaged.Message}; {what}" }
            : throw new DamagedStateException(damaged.Path ?? Layout.StatePath, $"{damaged.Message}; lab down {what}, but cannot check the lab's ports without it");
    }

    /// <summary>
    /// Deletes the state directory; a controller still running may write one last file into it while it stops (it
    /// stops within one round of the down marker), so a directory that is "not empty" is tried again for a few seconds.
    /// </summary>
    private async Task DeleteStateDirectoryAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(Layout.StateDirectory, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20 && Directory.Exists(Layout.StateDirectory))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
        }
    }

    private async Task StopAsync(List<string> stopped, CancellationToken cancellationToken)
    {
        var ports = new List<int>();
        foreach (var daemon in Daemons)
        {
            if (RunningDaemon(daemon) is { } record)
            {
                await Signals.StopAsync(record, TimeSpan.FromSeconds(5), cancellationToken);
                stopped.Add(record.ToString());
            }
        }

        await StopDrillsAsync(stopped, cancellationToken);
        foreach (var site in LabLayout.Sites)
        {
            var compute = Compute(site);
            foreach (var instance in await compute.GetInstancesAsync(cancellationToken))
            {
                ports.Add(instance.Port);
            }

            foreach (var record in compute.RunningProcesses())
            {
                await Signals.StopAsync(record, TimeSpan.FromSeconds(5), cancellationToken);
                stopped.Add(record.ToString());
            }
        }

        var entry = Entry;
        if (entry.Running is { } haproxy)
        {
            await entry.StopAsync(cancellationToken);
            stopped.Add(haproxy.ToString());
            ports.Add(Layout.EntryPort);
        }

        // The standby first: a primary waiting for a synchronous standby would otherwise hang its shutdown.
        foreach (var site in LabLayout.Sites.OrderBy(s => s == State.ActiveSite ? 1 : 0))
        {
            var database = Database(site);
            if (database.Running is { } postgres)
            {
                await database.StopAsync(cancellationToken);
                stopped.Add(postgres.ToString());
                ports.Add(Layout.DatabasePort(site));
            }
        }

        var netns = State.Netns;
        await WaitForPortsFreeAsync([.. ports.Distinct().Where(p => !netns || p == Layout.EntryPort)], cancellationToken);
        if (netns)
        {
            await Network.DeleteAsync(cancellationToken);
        }
    }

    /// <summary>Proves the ports of what was stopped are free (others' ports are not the lab's business).</summary>
    private static async Task WaitForPortsFreeAsync(IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        try
        {
            await Poll.UntilAsync(_ => Task.FromResult(ports.All(Ports.IsFree)), TimeSpan.FromSeconds(10), "the lab's ports to be free", cancellationToken);
        }
        catch (TimeoutException)
        {
            var held = ports.Where(p => !Ports.IsFree(p)).Select(p => $"{p} ({Ports.Owner(p) ?? "unknown process"})");
            throw new LabException($"after stopping the lab, ports are still in use: {string.Join(", ", held)}");
        }
    }
}
