using System.Collections.Immutable;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Providers.HAProxy;

/// <summary>The single traffic entry: where it listens, every possible backend server of both sites, and the active site.</summary>
public sealed record HaproxyOptions
{
    /// <summary>The frontend address; a loopback address (the lab binds 127.0.0.1 only).</summary>
    public required Endpoint Listen { get; init; }

    public required string ConfigPath { get; init; }

    /// <summary>The runtime API's unix socket (at most 107 bytes long, the kernel's limit).</summary>
    public required string AdminSocketPath { get; init; }

    public required string LogPath { get; init; }

    public string Binary { get; init; } = "/usr/sbin/haproxy";

    /// <summary>Every instance either site may run; those not running are simply down by health check.</summary>
    public required ImmutableArray<HaproxyBackendServer> Servers { get; init; }

    public string HealthPath { get; init; } = "/readyz";

    /// <summary>The site routed to when HAProxy starts without a config of its own yet; afterwards the last switch decides.</summary>
    public required string ActiveSite { get; init; }
}
