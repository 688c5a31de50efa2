using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>What Pilotlight reads of an RDS instance: its state, its place in a replication pair and where it listens.</summary>
internal sealed record DbInstance
{
    public required string Identifier { get; init; }

    public string? Arn { get; init; }

    /// <summary>available, creating, modifying, ... (RDS's DBInstanceStatus).</summary>
    public string? Status { get; init; }

    /// <summary>The source of a read replica; null for a primary.</summary>
    public string? ReplicaSource { get; init; }

    public ImmutableArray<string> Replicas { get; init; } = [];

    public string? Address { get; init; }

    public int? Port { get; init; }

    public string? InstanceClass { get; init; }

    /// <summary>The DB subnet group (the VPC the instance is in); a replica created in its place goes in the same one.</summary>
    public string? SubnetGroup { get; init; }

    public ImmutableArray<SecurityGroupMembership> VpcSecurityGroups { get; init; } = [];
}
