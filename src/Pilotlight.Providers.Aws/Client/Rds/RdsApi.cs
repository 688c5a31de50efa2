using Pilotlight.Providers.Aws.Client;

namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>The RDS operations a DR orchestrator needs (query protocol, API 2014-10-31): find instances, promote a replica, seed a new one (Aurora global databases: RdsApi.GlobalClusters.cs).</summary>
internal sealed partial class RdsApi(AwsClient client)
{
    private static readonly AwsService Service = AwsService.Rds;

    public static AwsRequest DescribeDbInstancesRequest(string? identifier) =>
        new QueryForm(Service, "DescribeDBInstances").Add("DBInstanceIdentifier", identifier).ToRequest();

    public static AwsRequest PromoteReadReplicaRequest(string identifier, int? backupRetentionPeriod = null) =>
        new QueryForm(Service, "PromoteReadReplica").Add("DBInstanceIdentifier", identifier).Add("BackupRetentionPeriod", backupRetentionPeriod).ToRequest();

    public static AwsRequest CreateReadReplicaRequest(CreateReadReplica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return new QueryForm(Service, "CreateDBInstanceReadReplica")
            .Add("DBInstanceIdentifier", replica.Identifier)
            .Add("SourceDBInstanceIdentifier", replica.Source)
            .Add("DBInstanceClass", replica.InstanceClass)
            .Add("AvailabilityZone", replica.AvailabilityZone)
            .Add("Port", replica.Port)
            .Add("MultiAZ", replica.MultiAz)
            .Add("DBSubnetGroupName", replica.SubnetGroup)
            .AddList("VpcSecurityGroupIds", replica.VpcSecurityGroupIds.IsEmpty ? null : (IReadOnlyCollection<string>)replica.VpcSecurityGroupIds, "VpcSecurityGroupId")
            .Add("KmsKeyId", replica.KmsKeyId)
            .Add("DeletionProtection", replica.DeletionProtection)
            .ToRequest();
    }

    /// <summary>One instance, or all of the region's when <paramref name="identifier"/> is null. A missing one is AwsException DBInstanceNotFound.</summary>
    public async Task<IReadOnlyList<DbInstance>> DescribeDbInstancesAsync(string region, string? identifier, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(DescribeDbInstancesRequest(identifier), region, cancellationToken);
        return [.. XmlReading.Root(response.Body).All("DBInstances").SelectMany(l => l.Elements()).Select(Read)];
    }

    public async Task<DbInstance> PromoteReadReplicaAsync(string region, string identifier, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(PromoteReadReplicaRequest(identifier), region, cancellationToken);
        return Read(XmlReading.Root(response.Body).All("DBInstance").First());
    }

    public async Task<DbInstance> CreateReadReplicaAsync(string region, CreateReadReplica replica, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(CreateReadReplicaRequest(replica), region, cancellationToken);
        return Read(XmlReading.Root(response.Body).All("DBInstance").First());
    }

    private static DbInstance Read(System.Xml.Linq.XElement e) => new()
    {
        Identifier = e.Text("DBInstanceIdentifier") ?? "",
        Arn = e.Text("DBInstanceArn"),
        Status = e.Text("DBInstanceStatus"),
        ReplicaSource = e.Text("ReadReplicaSourceDBInstanceIdentifier"),
        Replicas = [.. e.Items("ReadReplicaDBInstanceIdentifiers").Select(r => r.Value)],
        Address = e.Child("Endpoint").Text("Address"),
        Port = e.Child("Endpoint").Int("Port"),
        InstanceClass = e.Text("DBInstanceClass"),
    };
}
