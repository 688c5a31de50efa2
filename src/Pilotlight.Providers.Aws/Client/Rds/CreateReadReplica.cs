using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>
/// The parameters of CreateDBInstanceReadReplica that a failback uses to seed a new replica towards the old region.
/// A cross-region source is named by its ARN. Encrypted cross-region sources also need KmsKeyId and a PreSignedUrl
/// (botocore computes it from SourceRegion); the PreSignedUrl is not built here yet.
/// </summary>
internal sealed record CreateReadReplica
{
    public required string Identifier { get; init; }

    public required string Source { get; init; }

    public string? InstanceClass { get; init; }

    public string? AvailabilityZone { get; init; }

    public int? Port { get; init; }

    public bool? MultiAz { get; init; }

    public string? SubnetGroup { get; init; }

    public ImmutableArray<string> VpcSecurityGroupIds { get; init; } = [];

    public string? KmsKeyId { get; init; }

    public bool? DeletionProtection { get; init; }
}
