namespace Pilotlight.Providers.Local.Objects;

/// <summary>What syncing one path did.</summary>
internal enum SyncOutcome
{
    Unchanged,
    Copied,
    Deleted,

    /// <summary>Still being written; try again shortly.</summary>
    Deferred,

    /// <summary>Could not be read or written; the next reconciliation tries again.</summary>
    Failed,
}
