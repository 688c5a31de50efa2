using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Core.Providers;

/// <summary>
/// Reads and checks one provider's <c>config</c> block. The plan validator looks schemas up by resource kind and
/// provider name, so adding a provider never edits the validator.
/// </summary>
public interface IProviderSchema
{
    ResourceKind Kind { get; }

    /// <summary>The name written after <c>provider:</c>, e.g. <c>postgres</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Reads the block, reporting every problem through <paramref name="config"/>; returns the settings, or null when
    /// the block is invalid. <paramref name="config"/> is an empty mapping when the plan has no <c>config</c> key.
    /// </summary>
    ProviderSettings? Read(MapReader config, ProviderContext context);
}
