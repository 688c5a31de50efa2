using System.Collections.Immutable;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Providers.HAProxy;

/// <summary>The single traffic entry: where it listens, every possible backend server of both sites, and the active site.</summary>
public sealed record HaproxyOptions
{
    public required Endpoint Listen { get; init; }

    public required string ConfigPath { get; init; }

    public required string AdminSocketPath { get; init; }

    public required string LogPath { get; init; }

    public string Binary { get; init; } = "/usr/sbin/haproxy";

    /// <summary>Every instance either site may run; those not running are simply down by health check.</summary>
    public required ImmutableArray<HaproxyBackendServer> Servers { get; init; }

    public string HealthPath { get; init; } = "/readyz";

    /// <summary>The site routed to when HAProxy starts without a config of its own yet.</summary>
    public required string ActiveSite { get; init; }
}

/// <summary>One backend server: an instance slot of a site.</summary>
public sealed record HaproxyBackendServer(string Site, string Name, string Host, int Port);
