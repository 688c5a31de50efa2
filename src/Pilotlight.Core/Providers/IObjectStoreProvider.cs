namespace Pilotlight.Core.Providers;

/// <summary>Drives one kind of object replication from the active site's store to the other's.</summary>
public interface IObjectStoreProvider
{
    /// <summary>What is not yet replicated from <paramref name="source"/> to <paramref name="target"/>.</summary>
    Task<ObjectBacklog> GetBacklogAsync(string source, string target, CancellationToken cancellationToken);

    /// <summary>
    /// Makes continuous replication run from <paramref name="source"/> to <paramref name="target"/> from now on, and
    /// copies what is pending now: returns once the target holds everything the source held when called (the
    /// backlog drained). Idempotent; throws saying why when it cannot.
    /// </summary>
    Task ReplicateAsync(string source, string target, CancellationToken cancellationToken);

    /// <summary>The direction continuous replication runs in now, or null when it cannot be told.</summary>
    Task<ReplicationDirection?> GetDirectionAsync(CancellationToken cancellationToken);
}

/// <summary>Objects pending replication, and the age of the oldest pending change.</summary>
public sealed record ObjectBacklog(int PendingObjects, TimeSpan OldestPendingAge);

/// <summary>Which site's store is copied to which.</summary>
public sealed record ReplicationDirection(string Source, string Target)
{
    public override string ToString() => $"{Source}->{Target}";
}
