using System.Collections.Immutable;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command;

/// <summary>Settings of the <c>command</c> compute provider: each site's commands, its overrides applied.</summary>
internal sealed record CommandComputeSettings(ImmutableDictionary<string, CommandComputeSite> Sites) : ProviderSettings;

/// <summary>
/// One site's compute commands. <see cref="Fence"/> null: fencing runs <see cref="Scale"/> with count 0;
/// <see cref="Version"/> null: the site reports no artifact version.
/// </summary>
internal sealed record CommandComputeSite(
    CommandTemplate Scale,
    CommandTemplate List,
    CommandTemplate? Fence,
    CommandTemplate? Version,
    TimeSpan Timeout,
    TimeSpan ReadyTimeout)
{
    /// <summary>Starts an isolated drill's instances ({site}, {name}, {count}, {database_host}, {database_port}); null: no isolated drills.</summary>
    public CommandTemplate? DrillStart { get; init; }

    /// <summary>Stops every instance of an isolated drill ({site}, {name}); given exactly when <see cref="DrillStart"/> is.</summary>
    public CommandTemplate? DrillStop { get; init; }

    /// <summary>Lists an isolated drill's instances as <c>list</c> does ({site}, {name}); null: <see cref="DrillStart"/> prints them.</summary>
    public CommandTemplate? DrillList { get; init; }
}
