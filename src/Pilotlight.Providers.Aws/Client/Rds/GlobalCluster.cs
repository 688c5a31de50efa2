using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>An Aurora global database as DescribeGlobalClusters reports it: its regional member clusters and any failover under way.</summary>
internal sealed record GlobalCluster
{
    public required string Identifier { get; init; }

    public string? Status { get; init; }

    public ImmutableArray<GlobalClusterMember> Members { get; init; } = [];

    /// <summary>FailoverState.Status (pending, failing-over, switching-over, cancelling); null when no failover or switchover is under way.</summary>
    public string? FailoverStatus { get; init; }

    /// <summary>FailoverState.ToDbClusterArn: the cluster a failover under way is making the writer.</summary>
    public string? FailoverTarget { get; init; }

    /// <summary>The member whose ARN is <paramref name="clusterArn"/>; null when that cluster is not (or no longer) a member.</summary>
    public GlobalClusterMember? Member(string? clusterArn) => clusterArn is null ? null : Members.FirstOrDefault(m => m.ClusterArn == clusterArn);
}
