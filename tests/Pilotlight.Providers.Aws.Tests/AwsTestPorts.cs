using Pilotlight.Processes;

namespace Pilotlight.Providers.Aws.Tests;

/// <summary>Ports for this project's servers, 30000–30999 only: below the kernel's ephemeral range (32768 on) and apart from the other test projects' ranges.</summary>
internal static class AwsTestPorts
{
    private const int First = 30000;
    private const int Count = 1000;

    private static int _next = Environment.ProcessId % 20 * 50;
    private static int _nextInRange;

    /// <summary>A free port, each handed out once per run.</summary>
    public static int Next() => Pick(ref _next, First, Count);

    /// <summary>A free port from <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 (a test class's own range).</summary>
    public static int Next(int first, int count) => Pick(ref _nextInRange, first, count);

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
}
