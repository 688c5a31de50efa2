namespace Pilotlight.Providers.Local.Objects;

/// <summary>What one pass over the stores changed.</summary>
public sealed record ReplicationPass(int Copied, int Deleted);
