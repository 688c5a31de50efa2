namespace Pilotlight.Providers.Local.Objects;

/// <summary>What a replicator copies, from where to where, how often it compares everything, and when a file counts as written.</summary>
public sealed record FilesystemReplicatorOptions
{
    public required string Source { get; init; }

    public required string Target { get; init; }

    /// <summary>A full comparison also runs at start and after a watcher overflow, so that nothing is missed.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A file is copied only once it has not been modified for this long, and published only if it did not change
    /// during the copy: a file still being written is never published half-written.
    /// </summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// When set, every change to the target is made through it, and the replicator stops (<see cref="FilesystemReplicator.RunAsync"/>
    /// returns) once its direction is no longer the recorded one; null for a replicator no direction governs.
    /// </summary>
    public DirectionGate? Gate { get; init; }
}
