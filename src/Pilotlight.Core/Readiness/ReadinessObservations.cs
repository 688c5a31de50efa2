using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Readiness;

/// <summary>What was observed of both sites, for judging whether the standby can take over now.</summary>
public sealed record ReadinessObservations
{
    public DatabaseStatus? StandbyDatabase { get; init; }

    /// <summary>True when the standby site's database is a fenced old primary (after a failover, before failback).</summary>
    public bool StandbyDatabaseFenced { get; init; }

    public ObjectBacklog? ObjectBacklog { get; init; }

    /// <summary>A fingerprint of the application the standby would start (null: not present there).</summary>
    public string? StandbyArtifact { get; init; }

    /// <summary>A fingerprint of the application the active site runs.</summary>
    public string? ActiveArtifact { get; init; }

    public bool EntryHasStandbyBackend { get; init; }

    /// <summary>A hash of the standby's secrets (null: missing), and of the active site's.</summary>
    public string? StandbySecrets { get; init; }

    public string? ActiveSecrets { get; init; }

    /// <summary>Why the entry could not be asked (null: it answered).</summary>
    public string? EntryProblem { get; init; }

    /// <summary>The way object replication runs now (null: the provider cannot tell).</summary>
    public ReplicationDirection? ObjectsDirection { get; init; }

    /// <summary>Why the objects' replication direction could not be read (a damaged state file, I/O).</summary>
    public string? ObjectsDirectionProblem { get; init; }

    /// <summary>Why the objects' backlog could not be observed.</summary>
    public string? ObjectsProblem { get; init; }

    /// <summary>Why the standby's application version could not be told.</summary>
    public string? ComputeProblem { get; init; }

    /// <summary>Why the standby's secrets could not be read.</summary>
    public string? SecretsProblem { get; init; }

    /// <summary>
    /// The plan's vantage points for which no provider offers a probe of the active site (e.g. <c>via: traffic</c> on a
    /// traffic provider without checkers of its own); empty when each has at least one.
    /// </summary>
    public IReadOnlyList<string> UnprobedVantagePoints { get; init; } = [];
}
