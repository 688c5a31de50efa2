using System.Collections.Immutable;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command;

/// <summary>Settings of the <c>command</c> traffic provider: its commands, the plan's sites, and where the entry answers.</summary>
internal sealed record CommandTrafficSettings(
    CommandTemplate Switch,
    CommandTemplate Fence,
    CommandTemplate Status,
    TimeSpan Timeout,
    Uri? EntryUrl,
    ImmutableArray<string> Sites) : ProviderSettings;
