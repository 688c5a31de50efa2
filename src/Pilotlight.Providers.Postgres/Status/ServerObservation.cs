namespace Pilotlight.Providers.Postgres.Status;

/// <summary>What one server says of itself in one query.</summary>
/// <param name="Lsn">Replayed on a standby, written on a primary.</param>
/// <param name="UnreplayedBytes">On a standby: received but not yet replayed (null before its first streaming).</param>
/// <param name="LastReplayedCommit">On a standby: the primary's timestamp of the last commit (or abort) it replayed.</param>
/// <param name="SinceLastReplayedCommit">On a standby: its clock now minus <paramref name="LastReplayedCommit"/>.</param>
internal sealed record ServerObservation(
    bool InRecovery,
    int? Timeline,
    string? Lsn,
    long? UnreplayedBytes,
    bool Receiving,
    long StreamingSenders,
    DateTime? LastReplayedCommit,
    TimeSpan? SinceLastReplayedCommit);
