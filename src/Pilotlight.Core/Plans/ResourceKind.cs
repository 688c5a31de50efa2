namespace Pilotlight.Core.Plans;

/// <summary>The kinds of resource a plan replicates or switches; each is backed by a provider.</summary>
public enum ResourceKind
{
    Database,
    Objects,
    Compute,
    Traffic,
    Secrets,
}
