namespace Pilotlight.Providers.Local.Objects;

/// <summary>What a replicator copies, from where to where, and how often it reconciles everything.</summary>
public sealed record FilesystemReplicatorOptions
{
    public required string Source { get; init; }

    public required string Target { get; init; }

    /// <summary>A full comparison also runs at start and after a watcher overflow, so nothing is missed.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(30);
}
