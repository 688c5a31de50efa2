using System.Globalization;

namespace Pilotlight.Processes;

/// <summary>
/// A process Pilotlight started, identified by PID and kernel start time so that a PID reused by another
/// process after a reboot or a long time is never mistaken for ours (and never signalled).
/// </summary>
public sealed record ProcessRecord(int Pid, long StartTime, string Name)
{
    /// <summary>True while this very process runs (a zombie counts as exited).</summary>
    public bool IsAlive => ProcessRecordReader.ReadStartTime(Pid) is { } start && start == StartTime && !ProcessRecordReader.IsZombie(Pid);

    /// <summary>True while this very process is stopped by a signal (SIGSTOP: state T) and has not been continued.</summary>
    public bool IsStopped => IsAlive && ProcessRecordReader.State(Pid) is "T" or "t";

    /// <summary>The record of a running PID, or null if there is no such process.</summary>
    public static ProcessRecord? Of(int pid, string name) =>
        ProcessRecordReader.ReadStartTime(pid) is { } start ? new ProcessRecord(pid, start, name) : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} (pid {Pid})");
}
