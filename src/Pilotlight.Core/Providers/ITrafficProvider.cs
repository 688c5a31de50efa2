using System.Collections.Immutable;

namespace Pilotlight.Core.Providers;

/// <summary>Drives the single traffic entry: which site receives requests.</summary>
public interface ITrafficProvider
{
    Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>Routes the entry to <paramref name="site"/> only: the other site is taken out first, then this one put in.</summary>
    Task SwitchAsync(string site, CancellationToken cancellationToken);

    /// <summary>Takes a site out of the entry without putting another in: afterwards no request reaches it.</summary>
    Task FenceAsync(string site, CancellationToken cancellationToken);

    /// <summary>True only when the entry provably sends no request to <paramref name="site"/>; false when it cannot be told.</summary>
    Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken);

    /// <summary>The URL clients use to reach the workload through the entry; null when the plan does not say (drills and load need it).</summary>
    Uri? EntryUrl => null;
}

/// <summary>The entry's routing: the active site (null when none or both) and each server's state.</summary>
public sealed record TrafficStatus(string? ActiveSite, ImmutableArray<TrafficServer> Servers);

/// <summary>A backend server of the entry, e.g. <c>a1</c> at 127.0.0.1:17410, administratively ready or in maintenance, and up or down by health check.</summary>
public sealed record TrafficServer(string Site, string Name, string Address, string AdminState, string OperationalState);
