using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Providers;

/// <summary>
/// A provider plug-in: its schema, and the factory that builds its runtime provider from the settings the schema
/// read. A schema that is not a factory validates plans but cannot act on them (yet); acting on such a plan fails
/// with one line naming the provider.
/// </summary>
public interface IProviderFactory : IProviderSchema
{
    /// <summary>
    /// The runtime provider for the plan's resource: an <see cref="IDatabaseProvider"/> for a database schema, an
    /// <see cref="IComputeProvider"/> for compute, and so on. Builds without connecting to anything: a site that
    /// cannot be reached is an observation later, never an error here.
    /// </summary>
    object Create(ProviderSettings settings, ProviderBuildContext context);
}

/// <summary>What a factory may use: the whole plan, where it lives, its state directory, and the clock.</summary>
public sealed record ProviderBuildContext(Plan Plan, string PlanDirectory, string StateDirectory, TimeProvider Clock)
{
    /// <summary>A path from the plan, relative to the plan's directory when it is not absolute.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, PlanDirectory);
}
