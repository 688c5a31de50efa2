using Pilotlight.Providers.Aws.Client;

namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>
/// The RDS operations a DR orchestrator needs (query protocol, API 2014-10-31): find instances, promote a replica, seed
/// a new one, change an instance's security groups or identifier, reboot it (Aurora global databases: RdsApi.GlobalClusters.cs).
/// </summary>
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

    public static AwsRequest ModifyDbInstanceRequest(ModifyDbInstance change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new QueryForm(Service, "ModifyDBInstance")
            .Add("DBInstanceIdentifier", change.Identifier)
            .AddList("VpcSecurityGroupIds", change.VpcSecurityGroupIds.IsEmpty ? null : (IReadOnlyCollection<string>)change.VpcSecurityGroupIds, "VpcSecurityGroupId")
            .Add("ApplyImmediately", change.ApplyImmediately)
            .Add("NewDBInstanceIdentifier", change.NewIdentifier)
            .ToRequest();
    }

    public static AwsRequest RebootDbInstanceRequest(string identifier) =>
        new QueryForm(Service, "RebootDBInstance").Add("DBInstanceIdentifier", identifier).ToRequest();

    /// <summary>One instance, or all of the region's when <paramref name="identifier"/> is null. A missing one is AwsException DBInstanceNotFound.</summary>
    public async Task<IReadOnlyList<DbInstance>> DescribeDbInstancesAsync(string region, string? identifier, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(DescribeDbInstancesRequest(identifier), region, cancellationToken);
        return [.. XmlReading.Root(response.Body).All("DBInstances").SelectMany(l => l.Elements()).Select(Read)];
    }

    public Task<DbInstance> PromoteReadReplicaAsync(string region, string identifier, CancellationToken cancellationToken) =>
        SendForInstanceAsync(PromoteReadReplicaRequest(identifier), region, cancellationToken);

    public Task<DbInstance> CreateReadReplicaAsync(string region, CreateReadReplica replica, CancellationToken cancellationToken) =>
        SendForInstanceAsync(CreateReadReplicaRequest(replica), region, cancellationToken);

    public Task<DbInstance> ModifyDbInstanceAsync(string region, ModifyDbInstance change, CancellationToken cancellationToken) =>
        SendForInstanceAsync(ModifyDbInstanceRequest(change), region, cancellationToken);

    /// <summary>Restarts the instance (status <c>rebooting</c>, then <c>available</c>): every open connection is dropped.</summary>
    public Task<DbInstance> RebootDbInstanceAsync(string region, string identifier, CancellationToken cancellationToken) =>
        SendForInstanceAsync(RebootDbInstanceRequest(identifier), region, cancellationToken);

    private async Task<DbInstance> SendForInstanceAsync(AwsRequest request, string region, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(request, region, cancellationToken);
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
        SubnetGroup = e.Child("DBSubnetGroup").Text("DBSubnetGroupName"),
        VpcSecurityGroups = [.. e.Items("VpcSecurityGroups").Select(g => new SecurityGroupMembership(g.Text("VpcSecurityGroupId") ?? "", g.Text("Status")))],
    };
}
