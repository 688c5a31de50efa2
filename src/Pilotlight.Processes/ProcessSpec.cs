using System.Collections.Immutable;

namespace Pilotlight.Processes;

/// <summary>What to start: a program, its arguments and environment, where its output goes, and as whom.</summary>
public sealed record ProcessSpec
{
    public required string Name { get; init; }

    public required string FileName { get; init; }

    public ImmutableArray<string> Arguments { get; init; } = [];

    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    public string? WorkingDirectory { get; init; }

    /// <summary>Standard output and error are appended here.</summary>
    public required string LogPath { get; init; }

    /// <summary>A system user to run as (only when Pilotlight runs as root); null: the current user.</summary>
    public string? RunAsUser { get; init; }

    /// <summary>A network namespace (<c>ip netns</c>) to run in; null: the caller's.</summary>
    public string? NetworkNamespace { get; init; }
}
