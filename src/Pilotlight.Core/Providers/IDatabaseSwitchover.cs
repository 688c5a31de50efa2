using System.Collections.Immutable;

namespace Pilotlight.Core.Providers;

/// <summary>
/// The database half of a planned switchover and of a failback, for a database provider that can do them: a clean
/// demotion that yields its final position (the demotion token), replay waits, rebuilding an old primary as a
/// standby (rewind, else a fresh base backup), the capture of writes that diverged, and a consistency check.
/// Every operation is idempotent; operations on a server's host go through the provider's per-site executor.
/// </summary>
public interface IDatabaseSwitchover
{
    /// <summary>
    /// What is missing for these operations on a site's server, one line each (its host cannot be reached through
    /// the executor, no data directory, no way to start it…); empty when everything can be done. Changes nothing.
    /// </summary>
    Task<ImmutableArray<string>> CheckOperableAsync(string site, CancellationToken cancellationToken);

    /// <summary>
    /// Stops <paramref name="site"/>'s primary cleanly, so that it takes no more writes from any client, and returns
    /// the WAL position of its shutdown checkpoint — the demotion token: a standby that has replayed past it holds
    /// every write the primary ever acknowledged. A server already stopped cleanly returns its token again.
    /// </summary>
    Task<string> DemoteAsync(string site, CancellationToken cancellationToken);

    /// <summary>
    /// Readies <paramref name="site"/>'s primary for a quick demotion while it still takes writes (for PostgreSQL a
    /// checkpoint, so that the shutdown checkpoint inside the write-unavailable window has little to write). Best
    /// effort; by default nothing.
    /// </summary>
    Task PrepareDemotionAsync(string site, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>True once <paramref name="site"/> has replayed the WAL record at <paramref name="token"/> and everything before it.</summary>
    Task<bool> HasReplayedAsync(string site, string token, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="site"/> a standby streaming from <paramref name="primarySite"/>: attached as it is when its
    /// history is part of the primary's (after a clean demotion), else rewound, else restored from a fresh base
    /// backup; with its own replication slot on the primary. Returns how. Idempotent.
    /// </summary>
    Task<StandbyRebuild> RebuildAsStandbyAsync(string site, string primarySite, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="site"/> is a standby streaming from <paramref name="primarySite"/> on the primary's timeline.</summary>
    Task<bool> IsStandbyOfAsync(string site, string primarySite, CancellationToken cancellationToken);

    /// <summary>
    /// Puts replication from <paramref name="primarySite"/> to <paramref name="standbySite"/> in the plan's mode (for
    /// synchronous replication: the standby is the primary's synchronous standby) and waits until it holds.
    /// </summary>
    Task ConfigureReplicationAsync(string primarySite, string standbySite, CancellationToken cancellationToken);

    /// <summary>True when replication from <paramref name="primarySite"/> to <paramref name="standbySite"/> is in the plan's mode.</summary>
    Task<bool> IsReplicationConfiguredAsync(string primarySite, string standbySite, CancellationToken cancellationToken);

    /// <summary>
    /// Exports the writes <paramref name="oldSite"/>'s server committed after its history forked from
    /// <paramref name="primarySite"/>'s to <paramref name="sqlPath"/>, as statements that can be applied to the primary,
    /// and returns their summary; what cannot be captured is listed in it, never dropped silently. Reads the old
    /// server (starting it fenced, in recovery, when it is down); changes neither server's data.
    /// </summary>
    Task<DivergenceReport> CaptureDivergenceAsync(string oldSite, string primarySite, string sqlPath, CancellationToken cancellationToken);

    /// <summary>
    /// Why this provider cannot compare tables (its API reads none), or null when <see cref="CompareAsync"/> can: the
    /// failback's consistency step then compares nothing and says so in the journal.
    /// </summary>
    string? CannotCompare => null;

    /// <summary>Per-table row counts and checksums on both servers at one WAL position; the standby is waited for first.</summary>
    Task<ConsistencyReport> CompareAsync(string primarySite, string standbySite, CancellationToken cancellationToken);
}

/// <summary>How a server was made a standby: <c>attached</c>, <c>rewound</c> or <c>base backup</c>, with a line saying why.</summary>
public sealed record StandbyRebuild(string Method, string Detail)
{
    public const string Attached = "attached";
    public const string Rewound = "rewound";
    public const string BaseBackup = "base backup";
}

/// <summary>
/// The writes an old primary committed after the fork: where the fork is, per table what was captured, the time
/// range of the diverged commits, and what could not be captured (e.g. deleted rows, whose content the WAL lacks).
/// </summary>
public sealed record DivergenceReport(string? ForkPosition, ImmutableArray<DivergedTable> Tables, ImmutableArray<string> Uncaptured)
{
    /// <summary>Commit time of the first and last diverged transaction; null when none diverged.</summary>
    public DateTimeOffset? FirstCommit { get; init; }

    public DateTimeOffset? LastCommit { get; init; }

    /// <summary>Diverged transactions (committed on the old primary after the fork).</summary>
    public int Transactions { get; init; }

    public int Rows => Tables.Sum(t => t.Inserted + t.Updated + t.Conflicts);

    public bool IsEmpty => Rows == 0 && Uncaptured.IsEmpty && Tables.All(t => t.Deleted == 0);
}

/// <summary>
/// One table's diverged rows: inserted or updated after the fork and absent or equal on the primary (statements that
/// apply), conflicting with a different row under the same key on the primary (in the file, commented out, for a
/// decision), and deleted (counted; their content is not in the WAL).
/// </summary>
public sealed record DivergedTable(string Table, int Inserted, int Updated, int Conflicts, int Deleted)
{
    /// <summary>Of the inserted rows, those whose serial key was taken on the primary by another row: inserted under a new key.</summary>
    public int Rekeyed { get; init; }
}

/// <summary>Both servers' tables at one WAL position: consistent when every table's count and checksums are equal.</summary>
public sealed record ConsistencyReport(string Position, ImmutableArray<TableConsistency> Tables)
{
    public bool Consistent => Tables.All(t => t.Equal);
}

/// <summary>One table on both sides: row counts, a checksum over primary keys and a sampled content hash.</summary>
public sealed record TableConsistency(string Table, long PrimaryRows, long StandbyRows, string PrimaryKeys, string StandbyKeys, string PrimarySample, string StandbySample)
{
    public bool Equal => PrimaryRows == StandbyRows && PrimaryKeys == StandbyKeys && PrimarySample == StandbySample;
}
