using System.Runtime.InteropServices;

namespace Pilotlight.Processes;

/// <summary>The CPU time the calling thread has used (user + system), from the kernel's per-thread clock.</summary>
public static partial class ThreadCpu
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    /// <summary>The calling thread's CPU time so far; subtract two readings on one thread for what lay between.</summary>
    public static TimeSpan Now()
    {
        return clock_gettime(ThreadCpuClock, out var time) == 0
            ? TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100))
            : throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed (errno {Marshal.GetLastPInvokeError()})");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clock, out TimeSpec time);
}
