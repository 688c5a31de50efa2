using System.Xml.Linq;

namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>The Aurora global database operations: find the global cluster and its regional clusters, switch over, fail over, detach.</summary>
internal sealed partial class RdsApi
{
    public static AwsRequest DescribeGlobalClustersRequest(string? identifier) =>
        new QueryForm(Service, "DescribeGlobalClusters").Add("GlobalClusterIdentifier", identifier).ToRequest();

    public static AwsRequest DescribeDbClustersRequest(string? identifier) =>
        new QueryForm(Service, "DescribeDBClusters").Add("DBClusterIdentifier", identifier).ToRequest();

    /// <summary>
    /// The unplanned failover of the 2023+ API (<c>AllowDataLoss</c>, false: a planned one, which AWS refuses
    /// unless every secondary has caught up). The target is named by its ARN, as AWS requires for a member.
    /// </summary>
    public static AwsRequest FailoverGlobalClusterRequest(string globalCluster, string targetClusterArn, bool allowDataLoss) =>
        new QueryForm(Service, "FailoverGlobalCluster")
            .Add("GlobalClusterIdentifier", globalCluster)
            .Add("TargetDbClusterIdentifier", targetClusterArn)
            .Add("AllowDataLoss", allowDataLoss)
            .ToRequest();

    /// <summary>
    /// The planned switchover (formerly "managed planned failover"): Aurora waits until the target secondary has every
    /// write, demotes the writer to a secondary and promotes the target, with no data loss. The target is named by its ARN.
    /// </summary>
    public static AwsRequest SwitchoverGlobalClusterRequest(string globalCluster, string targetClusterArn) =>
        new QueryForm(Service, "SwitchoverGlobalCluster")
            .Add("GlobalClusterIdentifier", globalCluster)
            .Add("TargetDbClusterIdentifier", targetClusterArn)
            .ToRequest();

    /// <summary>Detaches a member (named by its ARN) from the global database: it becomes a standalone, writable cluster.</summary>
    public static AwsRequest RemoveFromGlobalClusterRequest(string globalCluster, string clusterArn) =>
        new QueryForm(Service, "RemoveFromGlobalCluster").Add("GlobalClusterIdentifier", globalCluster).Add("DbClusterIdentifier", clusterArn).ToRequest();

    /// <summary>
    /// The global clusters named <paramref name="identifier"/> (all when null). Filtered here as well: moto 5.2.1
    /// answers every global cluster whatever identifier is asked for, and an unknown one with all of them.
    /// </summary>
    public async Task<IReadOnlyList<GlobalCluster>> DescribeGlobalClustersAsync(string region, string? identifier, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(DescribeGlobalClustersRequest(identifier), region, cancellationToken);
        return [.. XmlReading.Root(response.Body).All("GlobalClusters").SelectMany(l => l.Elements()).Select(ReadGlobal)
            .Where(g => identifier is null || g.Identifier == identifier)];
    }

    /// <summary>One cluster, or all of the region's when <paramref name="identifier"/> is null. A missing one is AwsException DBClusterNotFoundFault.</summary>
    public async Task<IReadOnlyList<DbCluster>> DescribeDbClustersAsync(string region, string? identifier, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(DescribeDbClustersRequest(identifier), region, cancellationToken);
        return [.. XmlReading.Root(response.Body).All("DBClusters").SelectMany(l => l.Elements()).Select(e => new DbCluster
        {
            Identifier = e.Text("DBClusterIdentifier") ?? "",
            Arn = e.Text("DBClusterArn"),
            Status = e.Text("Status"),
            GlobalCluster = e.Text("GlobalClusterIdentifier"),
        })];
    }

    public Task FailoverGlobalClusterAsync(string region, string globalCluster, string targetClusterArn, bool allowDataLoss, CancellationToken cancellationToken) =>
        client.SendAsync(FailoverGlobalClusterRequest(globalCluster, targetClusterArn, allowDataLoss), region, cancellationToken);

    public Task SwitchoverGlobalClusterAsync(string region, string globalCluster, string targetClusterArn, CancellationToken cancellationToken) =>
        client.SendAsync(SwitchoverGlobalClusterRequest(globalCluster, targetClusterArn), region, cancellationToken);

    public Task RemoveFromGlobalClusterAsync(string region, string globalCluster, string clusterArn, CancellationToken cancellationToken) =>
        client.SendAsync(RemoveFromGlobalClusterRequest(globalCluster, clusterArn), region, cancellationToken);

    private static GlobalCluster ReadGlobal(XElement e) => new()
    {
        Identifier = e.Text("GlobalClusterIdentifier") ?? "",
        Status = e.Text("Status"),
        Members = [.. e.Items("GlobalClusterMembers").Select(m => new GlobalClusterMember(m.Text("DBClusterArn") ?? "", m.Bool("IsWriter") == true, m.Text("SynchronizationStatus")))],
        FailoverStatus = e.Child("FailoverState").Text("Status"),
        FailoverTarget = e.Child("FailoverState").Text("ToDbClusterArn"),
    };
}
