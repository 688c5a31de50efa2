namespace Pilotlight.Core.Providers;

/// <summary>Drives one kind of object replication from the active site's store to the other's.</summary>
public interface IObjectStoreProvider
{
    /// <summary>What is not yet replicated from <paramref name="source"/> to <paramref name="target"/>.</summary>
    Task<ObjectBacklog> GetBacklogAsync(string source, string target, CancellationToken cancellationToken);
}

/// <summary>Objects pending replication, and the age of the oldest pending change.</summary>
public sealed record ObjectBacklog(int PendingObjects, TimeSpan OldestPendingAge);
