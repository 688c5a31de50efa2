using System.Runtime.InteropServices;

namespace Pilotlight.Processes;

/// <summary>POSIX signals sent by PID.</summary>
public static partial class Signals
{
    public const int Term = 15;
    public const int Interrupt = 2;
    public const int Kill = 9;
    public const int Stop = 19;
    public const int Cont = 18;

    /// <summary>Sends <paramref name="signal"/> to the recorded process if it is still that process; false if it is gone.</summary>
    public static bool Send(ProcessRecord process, int signal)
    {
        ArgumentNullException.ThrowIfNull(process);
        return process.IsAlive && kill(process.Pid, signal) == 0;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the whole process group the recorded process leads (it does when
    /// <see cref="ProcessLauncher"/> started it: setsid), so a server's children share its fate. False if it is gone.
    /// </summary>
    public static bool SendGroup(ProcessRecord leader, int signal)
    {
        ArgumentNullException.ThrowIfNull(leader);
        return leader.IsAlive && kill(-leader.Pid, signal) == 0;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to a process group by its id, also after its leader exited (orphans of a shell
    /// stay in its group). Only for a group the caller created: Linux does not reuse a PID while a group of that id
    /// has members. False when the group is gone.
    /// </summary>
    public static bool SendGroup(int processGroupId, int signal) => processGroupId > 1 && kill(-processGroupId, signal) == 0;

    /// <summary>Stops a process: SIGTERM, then SIGKILL after <paramref name="grace"/>; returns when it is gone.</summary>
    public static async Task StopAsync(ProcessRecord process, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.IsAlive)
        {
            return;
        }

        // A stopped (SIGSTOP) process does not act on SIGTERM until continued.
        Send(process, Cont);
        Send(process, Term);
        if (await WaitForExitAsync(process, grace, cancellationToken))
        {
            return;
        }

        Send(process, Kill);
        if (!await WaitForExitAsync(process, TimeSpan.FromSeconds(10), cancellationToken))
        {
            throw new InvalidOperationException($"{process} did not exit after SIGKILL");
        }
    }

    /// <summary>Waits until the process is gone; false on timeout.</summary>
    public static async Task<bool> WaitForExitAsync(ProcessRecord process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // Gone twice in a row, 20 ms apart: one reading of /proc taken while the process exits is not trusted alone.
            if (!process.IsAlive)
            {
                await Task.Delay(20, cancellationToken);
                if (!process.IsAlive)
                {
                    return true;
                }
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
