using System.Collections.Immutable;
using System.Globalization;

namespace Pilotlight.Processes;

/// <summary>
/// The processes descended from a process, read from /proc by parent PID. Process groups do not tell: a server's
/// children may each lead a group of their own (PostgreSQL's call setsid), so signalling a group misses them.
/// </summary>
public static class ProcessTree
{
    /// <summary>
    /// Every live process below <paramref name="root"/> (children, their children…), not the root itself; empty
    /// when the root is gone. Zombies are left out: they have exited already.
    /// </summary>
    public static ImmutableArray<ProcessRecord> Descendants(ProcessRecord root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.IsAlive)
        {
            return [];
        }

        var children = new Dictionary<int, List<(int Pid, long Start)>>();
        foreach (var pid in AllPids())
        {
            if (ProcessRecordReader.Fields(pid) is not { Length: > 19 } fields
                || fields[0] is "Z" or "X"
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
                || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            {
                continue;
            }

            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add((pid, start));
        }

        var result = ImmutableArray.CreateBuilder<ProcessRecord>();
        var pending = new Queue<int>([root.Pid]);
        var seen = new HashSet<int> { root.Pid };
        while (pending.TryDequeue(out var parent))
        {
            foreach (var (pid, start) in children.GetValueOrDefault(parent) ?? [])
            {
                if (seen.Add(pid))
                {
                    result.Add(new ProcessRecord(pid, start, CommandLine(pid)));
                    pending.Enqueue(pid);
                }
            }
        }

        return result.ToImmutable();
    }

    private static IEnumerable<int> AllPids()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    // A server may rewrite its argv to say what a child does ("postgres: checkpointer"): the best name there is.
    private static string CommandLine(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ').Trim();
            return text.Length == 0 ? $"pid {pid.ToString(CultureInfo.InvariantCulture)}" : text.Length > 60 ? text[..60] : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"pid {pid.ToString(CultureInfo.InvariantCulture)}";
        }
    }
}
