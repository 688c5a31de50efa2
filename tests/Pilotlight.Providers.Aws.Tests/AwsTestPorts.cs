using Pilotlight.Processes;

namespace Pilotlight.Providers.Aws.Tests;

/// <summary>
/// Ports for this project's servers, 30000–30999 only: below the kernel's ephemeral range (32768 on) and apart from the
/// other test projects' ranges. <c>PILOTLIGHT_AWS_TEST_PORTS=FIRST-LAST</c> narrows it (runs side by side on one machine).
/// </summary>
internal static class AwsTestPorts
{
    private static readonly (int First, int Count) Range = Narrowed(Environment.GetEnvironmentVariable("PILOTLIGHT_AWS_TEST_PORTS"));
    private static readonly int First = Range.First;
    private static readonly int Count = Range.Count;

    private static int _next = Environment.ProcessId % 20 * 50;
    private static int _nextInRange;

    /// <summary>A free port, each handed out once per run.</summary>
    public static int Next() => Pick(ref _next, First, Count);

    /// <summary>
    /// A free port from <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 (a test
    /// class's own range), or from the narrowed range when <c>PILOTLIGHT_AWS_TEST_PORTS</c> is set: a narrowed run stays in it.
    /// </summary>
    public static int Next(int first, int count) =>
        Range is (30000, 1000) ? Pick(ref _nextInRange, first, count) : Pick(ref _nextInRange, First, Count);

    private static int Pick(ref int counter, int first, int count)
    {
        for (var attempt = 0; attempt < count; attempt++)
        {
            var port = first + (Interlocked.Increment(ref counter) % count);
            if (Ports.IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free port from {first} to {first + count - 1}");
    }

    private static (int First, int Count) Narrowed(string? range)
    {
        var parts = range?.Split('-');
        return parts is [var first, var last] && int.TryParse(first, out var from) && int.TryParse(last, out var to) && from >= 30000 && to <= 30999 && from <= to
            ? (from, to - from + 1)
            : (30000, 1000);
    }
}
