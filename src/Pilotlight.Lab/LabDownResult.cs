using System.Collections.Immutable;

namespace Pilotlight.Lab;

/// <summary>The processes <c>lab down</c> stopped, and whether it deleted the state directory.</summary>
public sealed record LabDownResult(ImmutableArray<string> Stopped, bool Purged)
{
    /// <summary>What was wrong with the state directory a purge deleted (a damaged lab.json), if anything.</summary>
    public string? StateProblem { get; init; }
}
