using System.Collections.Immutable;

namespace Pilotlight.Core.Readiness;

/// <summary>Whether the standby site can take over now, with every check and why it passed or failed.</summary>
public sealed record ReadinessReport(string Standby, ImmutableArray<ReadinessCheck> Checks)
{
    public bool Ready => Checks.All(c => c.Ready);

    /// <summary>The site the entry routes to as observed (null: none, both, or not asked).</summary>
    public string? RoutedSite { get; init; }
}

/// <summary>One readiness rule's verdict.</summary>
public sealed record ReadinessCheck(string Name, bool Ready, string Detail);
