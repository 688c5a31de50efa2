using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>
/// The parameters of ModifyDBInstance that a fence and a failback use: the instance's VPC security groups (the fence
/// group in place of its own) and a new identifier (an old primary renamed out of the way, never deleted).
/// </summary>
internal sealed record ModifyDbInstance
{
    public required string Identifier { get; init; }

    /// <summary>Replaces every VPC security group of the instance; empty leaves them as they are.</summary>
    public ImmutableArray<string> VpcSecurityGroupIds { get; init; } = [];

    public string? NewIdentifier { get; init; }

    /// <summary>At once rather than in the next maintenance window (a rename or a fence cannot wait for it).</summary>
    public bool ApplyImmediately { get; init; } = true;
}
