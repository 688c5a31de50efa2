using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Tests.Clones;

/// <summary>Ports for the clone tests, from 28000 to 28499 only (below the kernel's ephemeral range, 32768 on, where FreePort and outgoing connections take theirs), each handed out once per run.</summary>
internal static class DrillPorts
{
    private const int First = 28000;
    private const int Count = 500;

    private static int _next = Environment.ProcessId % 10 * 40;

    /// <summary><paramref name="count"/> consecutive free ports.</summary>
    public static int Next(int count = 1)
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var offset = Interlocked.Add(ref _next, count) - count;
            var start = First + (offset % (Count - count));
            if (Enumerable.Range(start, count).All(Ports.IsFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException($"no {count} free consecutive ports from {First} to {First + Count - 1}");
    }
}
