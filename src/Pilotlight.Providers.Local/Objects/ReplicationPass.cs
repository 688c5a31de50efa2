namespace Pilotlight.Providers.Local.Objects;

/// <summary>
/// What one pass over the stores did: files copied and deleted, files left for a later pass because they were still
/// being written, and files that could not be read or written (retried by the next reconciliation).
/// </summary>
public sealed record ReplicationPass(int Copied, int Deleted, int Deferred, int Failed);
