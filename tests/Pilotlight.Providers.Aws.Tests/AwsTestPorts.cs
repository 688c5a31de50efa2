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

    /// <summary>A free port, each handed out once per run.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (Interlocked.Increment(ref _next) % Count);
            if (Ports.IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free port from {First} to {First + Count - 1}");
    }

    private static (int First, int Count) Narrowed(string? range)
    {
        var parts = range?.Split('-');
        return parts is [var first, var last] && int.TryParse(first, out var from) && int.TryParse(last, out var to) && from >= 30000 && to <= 30999 && from <= to
            ? (from, to - from + 1)
            : (30000, 1000);
    }
}
