namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>One regional cluster of a global database: the writer, or a secondary that replicates from it.</summary>
/// <param name="ClusterArn">The member cluster's ARN (members are named by ARN, never by identifier).</param>
/// <param name="IsWriter">True for the primary cluster, the one that takes writes.</param>
/// <param name="SynchronizationStatus">connected or pending-resync (AWS); null when not reported (moto 5.2.1).</param>
internal sealed record GlobalClusterMember(string ClusterArn, bool IsWriter, string? SynchronizationStatus);
