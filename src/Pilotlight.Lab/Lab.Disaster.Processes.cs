using Pilotlight.Processes;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>The processes of a site that the lab started: its postmaster, Shop instances and daemons.</summary>
    private List<ProcessRecord> SiteProcesses(string site)
    {
        var processes = new List<ProcessRecord>();
        if (Database(site).Running is { } postgres)
        {
            processes.Add(postgres);
        }

        processes.AddRange(Compute(site).RunningProcesses());
        processes.AddRange(Daemons.Where(d => d.Site == site).Select(RunningDaemon).OfType<ProcessRecord>());
        return processes;
    }

    /// <summary>
    /// SIGSTOPs every root and every process below it, and their process groups. Walks the trees again once all
    /// it signalled are stopped, until no new process shows: a parent caught in fork() stops only after it returns,
    /// with a child the previous walk could not see.
    /// </summary>
    private static async Task<List<(ProcessRecord Root, List<ProcessRecord> Below)>> FreezeAsync(List<ProcessRecord> roots, CancellationToken cancellationToken)
    {
        var frozen = roots.Select(r => (Root: r, Below: new List<ProcessRecord>())).ToList();
        var signalled = new HashSet<int>();
        for (var walk = 0; walk < 20; walk++)
        {
            // Walk every tree first, then signal all in one go: the fewer instants between the first SIGSTOP and
            // the last, the closer to a site lost at once.
            var found = new List<(List<ProcessRecord> Below, ProcessRecord Process, bool IsRoot)>();
            foreach (var (root, below) in frozen)
            {
                found.AddRange(ProcessTree.Descendants(root).Prepend(root).Where(p => signalled.Add(p.Pid)).Select(p => (below, p, p.Pid == root.Pid)));
            }

            foreach (var (below, process, isRoot) in found)
            {
                Signals.Send(process, Signals.Stop);
                Signals.SendGroup(process, Signals.Stop);
                if (!isRoot)
                {
                    below.Add(process);
                }
            }

            if (found.Count == 0)
            {
                break;
            }

            // A process in uninterruptible sleep stops when its I/O ends; do not wait for one forever.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (found.Any(f => f.Process.IsAlive && !f.Process.IsStopped) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5, cancellationToken);
            }
        }

        return frozen;
    }

    /// <summary>SIGKILLs every (frozen) process and its group at once, then waits until all are gone.</summary>
    private static async Task KillAsync(IReadOnlyList<ProcessRecord> processes, CancellationToken cancellationToken)
    {
        foreach (var process in processes)
        {
            Signals.Send(process, Signals.Kill);
            Signals.SendGroup(process, Signals.Kill);
        }

        var survivors = new List<ProcessRecord>();
        foreach (var process in processes)
        {
            if (!await Signals.WaitForExitAsync(process, TimeSpan.FromSeconds(10), cancellationToken))
            {
                survivors.Add(process);
            }
        }

        if (survivors.Count > 0)
        {
            throw new LabException($"still running 10 s after SIGKILL: {string.Join(", ", survivors)}");
        }
    }

    /// <summary>SIGCONT to a frozen process and its group; false if it is gone.</summary>
    private static bool Continue(ProcessRecord process)
    {
        var continued = Signals.Send(process, Signals.Cont);
        Signals.SendGroup(process, Signals.Cont);
        return continued;
    }
}
