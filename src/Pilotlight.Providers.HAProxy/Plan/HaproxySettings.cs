using System.Collections.Immutable;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy;

/// <summary>Settings of the <c>haproxy</c> traffic provider, as the plan gives them (paths not yet resolved).</summary>
public sealed record HaproxySettings : ProviderSettings
{
    /// <summary>The runtime API's unix socket; exactly one of this and <see cref="AdminAddress"/> is set.</summary>
    public string? AdminSocket { get; init; }

    /// <summary>The runtime API on TCP (<c>stats socket ipv4@host:port level admin</c>).</summary>
    public Endpoint? AdminAddress { get; init; }

    /// <summary>The backend whose servers are switched.</summary>
    public required string Backend { get; init; }

    /// <summary>Which servers of the backend belong to which site; no server is in two.</summary>
    public required ImmutableDictionary<string, ImmutableArray<string>> Servers { get; init; }

    /// <summary>The absolute URL clients use; entry probes go there.</summary>
    public required Uri EntryUrl { get; init; }

    /// <summary>The frontend's address, when the plan gives it.</summary>
    public Endpoint? Listen { get; init; }

    /// <summary>The config file, only when Pilotlight owns it (the lab): routing is then written into it too.</summary>
    public string? ConfigPath { get; init; }

    public string Binary { get; init; } = "/usr/sbin/haproxy";

    /// <summary>HAProxy's <c>server-state-file</c>, rewritten from <c>show servers state</c> after each change.</summary>
    public string? ServerStateFile { get; init; }
}
