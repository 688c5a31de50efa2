namespace Pilotlight.Lab;

/// <summary>What the holder of a <see cref="LabLock"/> writes into it: who it is (PID and start time) and what it runs.</summary>
internal sealed record LockHolder(int Pid, long StartTime, string? Command, DateTimeOffset Since);
