using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Tests.Clones;

/// <summary>Ports for the clone tests, from 34000 to 34499 only (the range these tests may use), each handed out once per run.</summary>
internal static class DrillPorts
{
    private const int First = 34000;
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
