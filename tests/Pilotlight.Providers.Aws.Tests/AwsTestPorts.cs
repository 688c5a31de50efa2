using Pilotlight.Processes;

namespace Pilotlight.Providers.Aws.Tests;

/// <summary>Ports for this project's servers, 30000–30999 only: below the kernel's ephemeral range (32768 on) and apart from the other test projects' ranges.</summary>
internal static class AwsTestPorts
{
    private const int First = 30000;
    private const int Count = 1000;

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
}
