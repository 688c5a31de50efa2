using System.Collections.Immutable;

namespace Pilotlight.Lab;

/// <summary>What the lab needs from its surroundings: binaries, the Shop, and how to run Pilotlight's own daemons.</summary>
public sealed record LabOptions
{
    public required string StateDirectory { get; init; }

    public int BasePort { get; init; } = LabLayout.DefaultBasePort;

    /// <summary>Synchronous replication: no acknowledged write is lost, commits wait for the standby.</summary>
    public bool Synchronous { get; init; }

    /// <summary>Run each site in a network namespace of its own (root only), so a site can be partitioned.</summary>
    public bool Netns { get; init; }

    public string PostgresBinDirectory { get; init; } = "/usr/lib/postgresql/15/bin";

    public string HaproxyBinary { get; init; } = "/usr/sbin/haproxy";

    /// <summary>The built sample Shop (Shop.dll), run with dotnet.</summary>
    public required string ShopAssembly { get; init; }

    /// <summary>The command line that runs <c>pilotlight</c> itself (e.g. dotnet + pilotlight.dll), for the lab's daemons.</summary>
    public required ImmutableArray<string> PilotlightCommand { get; init; }

    public string DotnetHost { get; init; } = "dotnet";
}
