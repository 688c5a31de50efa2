using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.AutoScaling;
using Pilotlight.Providers.Aws.Client.CloudWatch;
using Pilotlight.Providers.Aws.Client.Ecs;
using Pilotlight.Providers.Aws.Client.Rds;
using Pilotlight.Providers.Aws.Client.Route53;
using Pilotlight.Providers.Aws.Client.SecretsManager;
using Pilotlight.Providers.Aws.Client.Sns;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>Resources created with boto3 as Terraform would, then read and changed through the client, against a real moto_server.</summary>
[Collection(SharedMoto.Name)]
public sealed class MotoRoundTripTests(MotoServer moto) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly AwsClient _client = moto.Client();
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _client.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task AutoScaling_PilotLightGroup_ScaledToFullOnDemandAndReadBack()
    {
        await moto.Boto3Async($$$"""
            client("ec2").create_launch_template(LaunchTemplateName="web-{{{_id}}}", LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"})
            client("autoscaling").create_auto_scaling_group(AutoScalingGroupName="web-{{{_id}}}", MinSize=0, MaxSize=3, DesiredCapacity=0, AvailabilityZones=["us-west-2a"],
                MixedInstancesPolicy={"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": "web-{{{_id}}}", "Version": "$Latest"},
                                                         "Overrides": [{"InstanceType": "t3.micro"}, {"InstanceType": "t3.small"}]},
                                      "InstancesDistribution": {"OnDemandBaseCapacity": 0, "OnDemandPercentageAboveBaseCapacity": 0, "SpotAllocationStrategy": "price-capacity-optimized"}})
            """, Token);
        var api = new AutoScalingApi(_client);

        var before = (await api.DescribeGroupsAsync("us-west-2", [$"web-{_id}"], Token)).ShouldHaveSingleItem();
        (before.MinSize, before.DesiredCapacity, before.MaxSize).ShouldBe((0, 0, 3));
        var policy = before.MixedInstancesPolicy.ShouldNotBeNull();
        policy.Distribution.OnDemandPercentageAboveBaseCapacity.ShouldBe(0);
        policy.Overrides.Select(o => o.InstanceType).ShouldBe(["t3.micro", "t3.small"]);

        await api.UpdateGroupAsync("us-west-2", new GroupUpdate
        {
            Name = before.Name,
            MixedInstancesPolicy = policy with { Distribution = policy.Distribution with { OnDemandPercentageAboveBaseCapacity = 100 } },
            MinSize = 3,
            DesiredCapacity = 3,
            MaxSize = 3,
        }, Token);

        var after = (await api.DescribeGroupsAsync("us-west-2", [before.Name], Token)).ShouldHaveSingleItem();
        (after.MinSize, after.DesiredCapacity, after.MaxSize).ShouldBe((3, 3, 3));
        after.MixedInstancesPolicy!.Distribution.OnDemandPercentageAboveBaseCapacity.ShouldBe(100);
        after.MixedInstancesPolicy.Distribution.SpotAllocationStrategy.ShouldBe("price-capacity-optimized", "the whole policy was sent, so nothing else changed");
        after.Instances.ShouldBe(3);
    }

    [Fact]
    public async Task Rds_CrossRegionReplica_DescribedPromotedAndNotFoundIsOneLine()
    {
        await moto.Boto3Async($$$"""
            eu = client("rds", "eu-west-1")
            eu.create_db_instance(DBInstanceIdentifier="shop-{{{_id}}}", Engine="postgres", DBInstanceClass="db.t3.micro", AllocatedStorage=20, MasterUsername="shop", MasterUserPassword="not-a-secret-1")
            arn = eu.describe_db_instances(DBInstanceIdentifier="shop-{{{_id}}}")["DBInstances"][0]["DBInstanceArn"]
            client("rds", "us-west-2").create_db_instance_read_replica(DBInstanceIdentifier="shop-{{{_id}}}-us", SourceDBInstanceIdentifier=arn)
            """, Token);
        var api = new RdsApi(_client);

        var replica = (await api.DescribeDbInstancesAsync("us-west-2", $"shop-{_id}-us", Token)).ShouldHaveSingleItem();
        replica.ReplicaSource.ShouldNotBeNull().ShouldEndWith($":db:shop-{_id}");
        replica.Status.ShouldBe("available");
        var promoted = await api.PromoteReadReplicaAsync("us-west-2", replica.Identifier, Token);
        promoted.Identifier.ShouldBe(replica.Identifier);

        var missing = await Should.ThrowAsync<AwsException>(() => api.DescribeDbInstancesAsync("eu-west-1", $"nope-{_id}", Token));
        (missing.Code, missing.Status).ShouldBe(("DBInstanceNotFound", 404));
        missing.Message.ShouldBe($"rds DescribeDBInstances in eu-west-1: DBInstanceNotFound: DBInstance nope-{_id} not found.");
    }

    [Fact]
    public async Task Sns_Publish_ReachesASubscribedQueue()
    {
        var queueUrl = (await moto.Boto3Async($$$"""
            sns = client("sns"); sqs = client("sqs")
            topic = sns.create_topic(Name="dr-{{{_id}}}")["TopicArn"]
            queue = sqs.create_queue(QueueName="dr-{{{_id}}}")["QueueUrl"]
            sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])
            print(queue)
            """, Token)).Trim();

        var id = await new SnsApi(_client).PublishAsync("us-west-2", $"arn:aws:sns:us-west-2:123456789012:dr-{_id}", "shop failed over to b & is serving", "pilotlight", Token);

        id.ShouldNotBeNullOrEmpty();
        var received = await moto.Boto3Async($$$"""
            m = client("sqs").receive_message(QueueUrl="{{{queueUrl}}}", WaitTimeSeconds=1)["Messages"][0]
            print(json.loads(m["Body"])["Message"])
            """, Token);
        received.Trim().ShouldBe("shop failed over to b & is serving");
    }

    [Fact]
    public async Task CloudWatch_ReplicaLagInjected_IsRead()
    {
        var now = DateTimeOffset.UtcNow;
        await moto.Boto3Async($$$"""
            import datetime
            t = datetime.datetime.now(datetime.timezone.utc)
            client("cloudwatch").put_metric_data(Namespace="AWS/RDS", MetricData=[
                {"MetricName": "ReplicaLag", "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": "lag-{{{_id}}}"}], "Value": 42.0, "Unit": "Seconds", "Timestamp": t}])
            """, Token);

        var points = await new CloudWatchApi(_client).ReplicaLagAsync("us-west-2", $"lag-{_id}", now.AddMinutes(-5), now.AddMinutes(5), 60, Token);

        points.ShouldHaveSingleItem().Maximum.ShouldBe(42.0);
    }

    [Fact]
    public async Task SecretsManager_ReplicatedSecret_IsInSyncWithACurrentVersion()
    {
        await moto.Boto3Async($$$"""
            client("secretsmanager", "eu-west-1").create_secret(Name="shop/db-{{{_id}}}", SecretString="s3cr3t-{{{_id}}}", AddReplicaRegions=[{"Region": "us-west-2"}])
            """, Token);

        var secret = await new SecretsManagerApi(_client).DescribeSecretAsync("eu-west-1", $"shop/db-{_id}", Token);

        secret.Name.ShouldBe($"shop/db-{_id}");
        secret.CurrentVersion.ShouldNotBeNullOrEmpty();
        secret.Replicas.ShouldHaveSingleItem().ShouldBe(new SecretReplica("us-west-2", "InSync", "Replication succeeded"));
        var missing = await Should.ThrowAsync<AwsException>(() => new SecretsManagerApi(_client).DescribeSecretAsync("eu-west-1", $"nope-{_id}", Token));
        missing.Code.ShouldBe("ResourceNotFoundException");
        missing.Message.ShouldStartWith("secretsmanager DescribeSecret in eu-west-1: ResourceNotFoundException: ");
    }

    [Fact]
    public async Task Route53_FailoverRecordsUpserted_ListedAndHealthCheckInverted()
    {
        var ids = (await moto.Boto3Async($$$"""
            r53 = client("route53")
            zone = r53.create_hosted_zone(Name="shop-{{{_id}}}.example.com", CallerReference="{{{_id}}}")["HostedZone"]["Id"]
            check = r53.create_health_check(CallerReference="{{{_id}}}", HealthCheckConfig={"Type": "HTTP", "IPAddress": "192.0.2.10", "Port": 80, "ResourcePath": "/health"})["HealthCheck"]["Id"]
            print(zone, check)
            """, Token)).Trim().Split(' ');
        var (zone, check) = (ids[0], ids[1]);
        var api = new Route53Api(_client);
        var name = $"www.shop-{_id}.example.com.";

        var (change, status) = await api.ChangeRecordSetsAsync(zone, "pilotlight: shop on a",
        [
            new("UPSERT", new RecordSet { Name = name, Type = "A", SetIdentifier = "a", Failover = "PRIMARY", Ttl = 60, Values = ["192.0.2.10"], HealthCheckId = check }),
            new("UPSERT", new RecordSet { Name = name, Type = "A", SetIdentifier = "b", Failover = "SECONDARY", Ttl = 60, Values = ["198.51.100.20"] }),
        ], Token);

        status.ShouldBe("INSYNC", "moto 5.2.1 applies a change at once (AWS answers PENDING first)");
        change.ShouldStartWith("/change/");
        (await api.GetChangeStatusAsync(change, Token)).ShouldBe("INSYNC");
        (await api.GetChangeStatusAsync("/change/CNOSUCHCHANGE", Token)).ShouldBe("INSYNC", "moto answers INSYNC for any change id, where AWS answers NoSuchChange");
        var records = (await api.ListRecordSetsAsync(zone, name, "A", Token)).Where(r => r.Name == name).ToList();
        records.Select(r => (r.SetIdentifier, r.Failover, r.Values.Single())).ShouldBe([("a", "PRIMARY", "192.0.2.10"), ("b", "SECONDARY", "198.51.100.20")], ignoreOrder: true);
        records.Single(r => r.SetIdentifier == "a").HealthCheckId.ShouldBe(check);
        var observations = await api.HealthCheckStatusAsync(check, Token);
        observations.ShouldNotBeEmpty();
        observations.ShouldAllBe(s => s.StartsWith("Success", StringComparison.Ordinal), "moto's health checks always report success");

        await api.UpdateHealthCheckAsync(new HealthCheckUpdate { HealthCheckId = check, Inverted = true }, Token);
        var inverted = await moto.Boto3Async($"""print(client("route53").get_health_check(HealthCheckId="{check}")["HealthCheck"]["HealthCheckConfig"]["Inverted"])""", Token);
        inverted.Trim().ShouldBe("True");
    }

    [Fact]
    public async Task Ecs_ServiceScaledUp_DesiredCountReadBack_AndAMissingServiceIsNamed()
    {
        await moto.Boto3Async($$$"""
            ecs = client("ecs")
            ecs.create_cluster(clusterName="shop-{{{_id}}}")
            ecs.register_task_definition(family="web-{{{_id}}}", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])
            ecs.create_service(cluster="shop-{{{_id}}}", serviceName="web", taskDefinition="web-{{{_id}}}", desiredCount=0)
            """, Token);
        var api = new EcsApi(_client);

        var updated = await api.UpdateServiceAsync("us-west-2", $"shop-{_id}", "web", 4, Token);
        updated.DesiredCount.ShouldBe(4);

        var read = (await api.DescribeServicesAsync("us-west-2", $"shop-{_id}", ["web"], Token)).ShouldHaveSingleItem();
        (read.Name, read.DesiredCount, read.Status).ShouldBe(("web", 4, "ACTIVE"));
        var missing = await Should.ThrowAsync<AwsException>(() => api.DescribeServicesAsync("us-west-2", $"shop-{_id}", ["nope"], Token));
        missing.Code.ShouldBe("ServiceNotFound");
        missing.Message.ShouldStartWith("ecs DescribeServices in us-west-2: ServiceNotFound: ");
        missing.Message.ShouldContain("nope");
    }
}
