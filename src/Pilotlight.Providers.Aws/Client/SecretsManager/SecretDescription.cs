using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.SecretsManager;

/// <summary>What Pilotlight reads of a secret (never its value): its name, the version holding AWSCURRENT and its replicas.</summary>
internal sealed record SecretDescription
{
    public required string Name { get; init; }

    public string? Arn { get; init; }

    public string? CurrentVersion { get; init; }

    /// <summary>On a replica: the region of the secret it replicates; null on the primary.</summary>
    public string? PrimaryRegion { get; init; }

    public ImmutableArray<SecretReplica> Replicas { get; init; } = [];
}
