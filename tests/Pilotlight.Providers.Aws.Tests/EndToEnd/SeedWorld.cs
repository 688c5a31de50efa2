using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.AutoScaling;
using Pilotlight.Providers.Aws.Client.Ecs;
using Pilotlight.Providers.Aws.Tests.Client;
using Pilotlight.Providers.Aws.Tests.Runtime;

namespace Pilotlight.Providers.Aws.Tests.EndToEnd;

/// <summary>
/// Seed 001's architecture in a moto_server of its own, provisioned with boto3 as a user's Terraform would leave it —
/// eu-west-1 serving (RDS primary, Auto Scaling group 1/2/3 on-demand, versioned bucket replicating to us-west-2, the
/// secret), us-west-2 on pilot light (the cross-region read replica, its group 0/0/3 on spot, the bucket, the secret's
/// replica), the Route 53 failover pair held by CALCULATED checks, an SNS topic with an SQS queue subscribed — and the
/// seed plan (examples/aws.yaml with this world's names and ids) in a directory of its own, for the real CLI.
/// pilotlight reaches moto through a proxy that can lose a region: every request signed for it is reset unanswered.
/// With <see cref="Aurora"/>, seed 001's database is an Aurora global database instead (the workshop's), and the gate
/// is an <see cref="AuroraSwitchoverEmulator"/>, which also stands in for the global switchover and failover that
/// moto 5.2.1 lacks.
/// </summary>
internal sealed class SeedWorld : IAsyncDisposable
{
    /// <summary>Which seed: 001 (examples/aws.yaml: Auto Scaling groups, S3, Secrets Manager) or 004 (examples/aws-ecs.yaml: ECS services on spot capacity groups).</summary>
    public enum Seed
    {
        Asg,
        Ecs,
    }

    public static readonly string[] Sites = ["eu", "us"];

    private readonly ConcurrentDictionary<string, bool> _lost = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _lagFeed = Task.CompletedTask;

    private SeedWorld(MotoServer moto, string id, string directory, Seed seed, bool aurora)
    {
        Kind = seed;
        Moto = moto;
        Id = id;
        Directory = directory;
        Client = moto.Client(userAgent: "seed-world"); // the test's own eyes and hands, told apart in moto's recording
        bool Lost(System.Net.HttpListenerRequest request) => FaultProxy.SignedRegion(request) is { } region && IsLost(region);

        // One proxy in front of moto, never two in a row: with the emulator behind the gate, an S3 answer arrived empty
        // once in five runs ("Root element is missing"); the emulator is the gate itself instead.
        Aurora = aurora ? new AuroraSwitchoverEmulator(moto.Url, GlobalCluster, Lost) : null;
        Gate = Aurora?.Proxy ?? new FaultProxy(moto.Url, Lost);
        Entry = new EntrySimulator(Client, this);
    }

    public Seed Kind { get; }

    /// <summary>The global switchover's and failover's stand-in when the database is an Aurora global database; null for RDS.</summary>
    public AuroraSwitchoverEmulator? Aurora { get; }

    public string GlobalCluster => AuroraPlan.GlobalOf(Id);

    /// <summary>A site's regional Aurora cluster (with <see cref="Aurora"/>).</summary>
    public string AuroraCluster(string site) => AuroraPlan.Cluster(Id, site);

    public string AuroraArn(string site) => $"arn:aws:rds:{Region(site)}:123456789012:cluster:{AuroraCluster(site)}";

    public MotoServer Moto { get; }

    public string Id { get; }

    /// <summary>The plan's directory: pilotlight.yaml, its state under .pilotlight/.</summary>
    public string Directory { get; }

    public AwsClient Client { get; }

    public FaultProxy Gate { get; }

    public EntrySimulator Entry { get; }

    public string ZoneId { get; private set; } = "";

    public string RecordName => Kind == Seed.Asg ? $"shop.{Id}.example.com" : $"orders.{Id}.example.com";

    public string PrimaryDb => Kind == Seed.Asg ? $"shop-{Id}" : $"o{Id}-db-eu";

    public string ReplicaDb => Kind == Seed.Asg ? $"shop-{Id}-us" : $"o{Id}-db-us-replica";

    /// <summary>Seed 004's ECS cluster of a site; its service is <see cref="Service"/>.</summary>
    public string Cluster(string site) => $"o{Id}-{site}";

    public string Service => $"o{Id}-api";

    public string TopicArn { get; private set; } = "";

    public string QueueUrl { get; private set; } = "";

    public IReadOnlyDictionary<string, string> Checks { get; private set; } = new Dictionary<string, string>();

    /// <summary>Per site, the VPC security group that admits no client (the database fence).</summary>
    public IReadOnlyDictionary<string, string> FenceGroups { get; private set; } = new Dictionary<string, string>();

    public static string Region(string site) => site == "eu" ? "eu-west-1" : "us-west-2";

    /// <summary>The site's Auto Scaling group: seed 001's web group, seed 004's ECS capacity group.</summary>
    public string Group(string site) => Kind == Seed.Asg ? $"web-{Id}-{site}" : $"o{Id}-ecs-{site}";

    public string Endpoint(string site) => Kind == Seed.Asg ? $"shop-{site}-1234567890.{Region(site)}.elb.amazonaws.com" : $"o{Id}-{site}-1234567890.{Region(site)}.elb.amazonaws.com";

    /// <summary>True when the site's application serves: an instance in service (seed 001), a running task (seed 004).</summary>
    public async Task<bool> ServingAsync(string site, CancellationToken cancellationToken) => Kind == Seed.Asg
        ? (await new AutoScalingApi(Client).DescribeGroupsAsync(Region(site), [Group(site)], cancellationToken)).Single().InServiceInstances > 0
        : (await new EcsApi(Client).DescribeServicesAsync(Region(site), Cluster(site), [Service], cancellationToken)).Single().RunningCount > 0;

    public bool IsLost(string region) => _lost.ContainsKey(region);

    /// <summary>From now on every request pilotlight signs for <paramref name="region"/> is reset unanswered, and its workload is down.</summary>
    public void Lose(string region) => _lost[region] = true;

    public void Recover(string region) => _lost.TryRemove(region, out _);

    /// <summary>The environment a user's shell would have: moto's endpoint (through the gate), test credentials, no profile.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = Gate.Url.ToString(),
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Directory, "aws-credentials"),
        ["AWS_CONFIG_FILE"] = Path.Combine(Directory, "aws-credentials"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["PILOTLIGHT_DEBUG"] = "1", // an internal error's stack trace, in the test's failure message
    };

    public static async Task<SeedWorld> CreateAsync(MotoServer moto, Seed seed, CancellationToken cancellationToken, bool aurora = false)
    {
        if (aurora && seed != Seed.Asg)
        {
            throw new ArgumentException("the Aurora variant is seed 001's", nameof(aurora));
        }

        var id = Guid.NewGuid().ToString("N")[..8];
        var world = new SeedWorld(moto, id, System.IO.Directory.CreateTempSubdirectory($"pilotlight-aws-e2e-{id}-").FullName, seed, aurora);
        await world.ProvisionAsync(cancellationToken);
        world._lagFeed = world.FeedReplicaLagAsync(world._stop.Token);
        return world;
    }

    /// <summary>pilotlight with this world's plan and environment, in the plan's directory.</summary>
    public Task<CliRun> PilotlightAsync(TimeSpan timeout, params string[] arguments) => CliProcess.RunAsync(Directory, Environment, timeout, arguments);

    /// <summary>Runs boto3 code against moto directly (never through the gate), as the test's own eyes.</summary>
    public async Task<JsonNode> ReadAsync(string code, CancellationToken cancellationToken) =>
        JsonNode.Parse(await Moto.Boto3Async(code, cancellationToken)) ?? throw new InvalidOperationException("boto3 printed nothing");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _lagFeed;
        _stop.Dispose();
        await Entry.DisposeAsync();
        await (Aurora?.DisposeAsync() ?? Gate.DisposeAsync());

        Client.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>
    /// What RDS publishes every minute, every second here: ReplicaLag 0 of the database instance under each of the
    /// plan's names in its region (moto computes no metric), or Aurora's AuroraGlobalDBReplicationLag 0 ms of each
    /// site's cluster. Lag is read only for a site whose database is a replica.
    /// </summary>
    private async Task FeedReplicaLagAsync(CancellationToken cancellationToken)
    {
        var (metric, unit, dimension) = Aurora is null ? ("ReplicaLag", "Seconds", "DBInstanceIdentifier") : ("AuroraGlobalDBReplicationLag", "Milliseconds", "DBClusterIdentifier");
        var databases = Aurora is null ? new[] { ("eu-west-1", PrimaryDb), ("us-west-2", ReplicaDb) } : [("eu-west-1", AuroraCluster("eu")), ("us-west-2", AuroraCluster("us"))];
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var (region, instance) in databases)
            {
                var form = new QueryForm(AwsService.CloudWatch, "PutMetricData").Add("Namespace", "AWS/RDS")
                    .Add("MetricData.member.1.MetricName", metric).Add("MetricData.member.1.Value", "0").Add("MetricData.member.1.Unit", unit)
                    .Add("MetricData.member.1.Timestamp", NextWholeSecond())
                    .Add("MetricData.member.1.Dimensions.member.1.Name", dimension).Add("MetricData.member.1.Dimensions.member.1.Value", instance);
                try
                {
                    await Client.SendAsync(form.ToRequest(), region, cancellationToken);
                }
                catch (AwsException)
                {
                    // moto busy: the next second's datapoint will do.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>moto cuts a period's timestamp to whole seconds: a point on one is never dated before its measurement.</summary>
    private static DateTimeOffset NextWholeSecond()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
    }

    private async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        var ids = await ReadAsync($$$"""
            import datetime
            {{{ComputeScript()}}}
            fences = {}
            for site, region in (("eu", "eu-west-1"), ("us", "us-west-2")):
                ec2 = client("ec2", region)
                vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
                fences[site] = ec2.create_security_group(GroupName="shop-{{{Id}}}-db-fence", Description="admits no client", VpcId=vpc)["GroupId"]
            {{{DatabaseScript()}}}
            client("secretsmanager", "eu-west-1").create_secret(Name="shop/{{{Id}}}/db-credentials", SecretString="not-a-secret-2", AddReplicaRegions=[{"Region": "us-west-2"}])
            r53 = client("route53", "us-east-1")
            zone = r53.create_hosted_zone(Name="{{{Id}}}.example.com", CallerReference="{{{Id}}}")["HostedZone"]["Id"].split("/")[-1]
            checks = {}
            endpoints = {"eu": "{{{Endpoint("eu")}}}", "us": "{{{Endpoint("us")}}}"}
            for site, threshold in (("eu", 0), ("us", 2)):  # eu forced healthy, us forced unhealthy (above its one child)
                child = r53.create_health_check(CallerReference="{{{Id}}}-child-" + site, HealthCheckConfig={"Type": "HTTPS", "FullyQualifiedDomainName": endpoints[site], "Port": 443, "ResourcePath": "/healthz"})["HealthCheck"]["Id"]
                checks[site] = r53.create_health_check(CallerReference="{{{Id}}}-" + site, HealthCheckConfig={"Type": "CALCULATED", "HealthThreshold": threshold, "ChildHealthChecks": [child]})["HealthCheck"]["Id"]
            def record(site, role):
                return {"Action": "CREATE", "ResourceRecordSet": {"Name": "{{{RecordName}}}", "Type": "CNAME", "SetIdentifier": "{{{RecordName}}}-" + site, "Failover": role, "TTL": 60,
                        "ResourceRecords": [{"Value": endpoints[site]}], "HealthCheckId": checks[site]}}
            r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [record("eu", "PRIMARY"), record("us", "SECONDARY")]})
            sns, sqs = client("sns", "us-west-2"), client("sqs", "us-west-2")
            topic = sns.create_topic(Name="{{{(Kind == Seed.Asg ? $"shop-{Id}" : $"o{Id}")}}}-dr-events")["TopicArn"]
            queue = sqs.create_queue(QueueName="shop-{{{Id}}}-dr")["QueueUrl"]
            queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
            print(json.dumps({"zone": zone, "eu": checks["eu"], "us": checks["us"], "topic": topic, "queue": queue, "fences": fences}))
            """, cancellationToken);
        ZoneId = (string)ids["zone"]!;
        Checks = Sites.ToDictionary(s => s, s => (string)ids[s]!);
        TopicArn = (string)ids["topic"]!;
        QueueUrl = (string)ids["queue"]!;
        FenceGroups = Sites.ToDictionary(s => s, s => (string)ids["fences"]![s]!);
        await File.WriteAllTextAsync(Path.Combine(Directory, "aws-credentials"), "", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Directory, "pilotlight.yaml"), PlanText(), cancellationToken);
    }

    /// <summary>
    /// The seed's database as Terraform leaves it: the RDS primary in eu and its cross-region read replica in us, or
    /// (with <see cref="Aurora"/>) a global database whose writer is eu's cluster and whose secondary is us's.
    /// </summary>
    private string DatabaseScript() => Aurora is null ? $$$"""
            eu = client("rds", "eu-west-1")
            eu.create_db_instance(DBInstanceIdentifier="{{{PrimaryDb}}}", Engine="postgres", DBInstanceClass="db.r6g.large", AllocatedStorage=20, MasterUsername="shop", MasterUserPassword="not-a-secret-1")
            arn = eu.describe_db_instances(DBInstanceIdentifier="{{{PrimaryDb}}}")["DBInstances"][0]["DBInstanceArn"]
            client("rds", "us-west-2").create_db_instance_read_replica(DBInstanceIdentifier="{{{ReplicaDb}}}", SourceDBInstanceIdentifier=arn)
            client("cloudwatch", "us-west-2").put_metric_data(Namespace="AWS/RDS", MetricData=[{"MetricName": "ReplicaLag", "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": "{{{ReplicaDb}}}"}],
                "Timestamp": datetime.datetime.now(datetime.timezone.utc), "Value": 1.0, "Unit": "Seconds"}])
            """ : $$$"""
            {{{AuroraPlan.ProvisionScript(Id)}}}
            client("cloudwatch", "us-west-2").put_metric_data(Namespace="AWS/RDS", MetricData=[{"MetricName": "AuroraGlobalDBReplicationLag", "Dimensions": [{"Name": "DBClusterIdentifier", "Value": "{{{AuroraCluster("us")}}}"}],
                "Timestamp": datetime.datetime.now(datetime.timezone.utc), "Value": 1000.0, "Unit": "Milliseconds"}])
            """;

    /// <summary>
    /// The seed's compute, buckets and secret as Terraform leaves them: seed 001's web groups (eu 1/2/3 on-demand, us
    /// 0/0/3 on spot) with the buckets and secret; seed 004's ECS clusters and services (eu 6 tasks, us 1) on capacity
    /// groups of 2 tasks per instance (eu 3 on-demand, us 1 on spot). Both tag their groups with the release.
    /// </summary>
    private string ComputeScript() => Kind == Seed.Asg ? $$$"""
            for site, region, size in (("eu", "eu-west-1", (1, 2, 3, 100)), ("us", "us-west-2", (0, 0, 3, 0))):
                name = "web-{{{Id}}}-" + site
                client("ec2", region).create_launch_template(LaunchTemplateName=name, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.medium"})
                client("autoscaling", region).create_auto_scaling_group(AutoScalingGroupName=name, MinSize=size[0], DesiredCapacity=size[1], MaxSize=size[2], AvailabilityZones=[region + "a"],
                    Tags=[{"Key": "pilotlight:application", "Value": "shop 1.4.2", "PropagateAtLaunch": True}],
                    MixedInstancesPolicy={"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": name, "Version": "$Latest"},
                                                             "Overrides": [{"InstanceType": "t3.medium"}, {"InstanceType": "t3a.medium"}]},
                                          "InstancesDistribution": {"OnDemandBaseCapacity": 0, "OnDemandPercentageAboveBaseCapacity": size[3], "SpotAllocationStrategy": "price-capacity-optimized"}})
                s3 = client("s3", region)
                s3.create_bucket(Bucket="assets-{{{Id}}}-" + site, CreateBucketConfiguration={"LocationConstraint": region})
                s3.put_bucket_versioning(Bucket="assets-{{{Id}}}-" + site, VersioningConfiguration={"Status": "Enabled"})
            eu_s3 = client("s3", "eu-west-1")
            eu_s3.put_bucket_replication(Bucket="assets-{{{Id}}}-eu", ReplicationConfiguration={"Role": "arn:aws:iam::123456789012:role/shop-s3-replication-eu",
                "Rules": [{"ID": "terraform", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""}, "DeleteMarkerReplication": {"Status": "Disabled"},
                           "Destination": {"Bucket": "arn:aws:s3:::assets-{{{Id}}}-us"}}]})
            for i in range(3):
                eu_s3.put_object(Bucket="assets-{{{Id}}}-eu", Key=f"products/SKU-{i}.png", Body=b"image %d" % i)
                client("s3", "us-west-2").put_object(Bucket="assets-{{{Id}}}-us", Key=f"products/SKU-{i}.png", Body=b"image %d" % i)
            """ : $$$"""
            for site, region, size, tasks in (("eu", "eu-west-1", (2, 3, 4, 100), 6), ("us", "us-west-2", (1, 1, 4, 0), 1)):
                name = "o{{{Id}}}-ecs-" + site
                client("ec2", region).create_launch_template(LaunchTemplateName=name, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "m5.large"})
                client("autoscaling", region).create_auto_scaling_group(AutoScalingGroupName=name, MinSize=size[0], DesiredCapacity=size[1], MaxSize=size[2], AvailabilityZones=[region + "a"],
                    MixedInstancesPolicy={"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": name, "Version": "$Latest"}, "Overrides": [{"InstanceType": "m5.large"}]},
                                          "InstancesDistribution": {"OnDemandBaseCapacity": 0, "OnDemandPercentageAboveBaseCapacity": size[3], "SpotAllocationStrategy": "price-capacity-optimized"}})
                ecs = client("ecs", region)
                ecs.create_cluster(clusterName="o{{{Id}}}-" + site)
                ecs.register_task_definition(family="o{{{Id}}}-api", containerDefinitions=[{"name": "api", "image": "orders:1.4", "memory": 512}])
                ecs.create_service(cluster="o{{{Id}}}-" + site, serviceName="o{{{Id}}}-api", taskDefinition="o{{{Id}}}-api", desiredCount=tasks)
                ecs.update_service(cluster="o{{{Id}}}-" + site, service="o{{{Id}}}-api", desiredCount=tasks)  # moto runs tasks on an update only
            """;

    /// <summary>
    /// The seed's example plan with this world's names and ids: its probe and smoke checks ask the entry simulator;
    /// seed 001's webhooks become the SNS topic (seed 004 publishes to it already).
    /// </summary>
    private string PlanText()
    {
        var asg = Kind == Seed.Asg;
        var text = (asg ? SeedPlan.Text(Id) : File.ReadAllText(SeedPlan.ExamplePath("aws-ecs.yaml")).Replace("orders-", $"o{Id}-", StringComparison.Ordinal))
            .Replace("Z0123456789ABCDEFGHIJ", ZoneId, StringComparison.Ordinal)
            .Replace("sg-0fe0ce0000000000e", FenceGroups["eu"], StringComparison.Ordinal)
            .Replace("sg-0fe0ce0000000000f", FenceGroups["us"], StringComparison.Ordinal)
            .Replace(asg ? "record_name: shop.example.com" : "record_name: orders.example.com", $"record_name: {RecordName}\n    entry_url: http://127.0.0.1:{Entry.Port}/", StringComparison.Ordinal)
            .Replace(asg ? "0f6e3c2a-52b1-4c1e-9a3e-6d1f2b3c4d5e" : "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b", Checks["eu"], StringComparison.Ordinal)
            .Replace(asg ? "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" : "8f7e6d5c-4b3a-4291-8a7b-6c5d4e3f2a1b", Checks["us"], StringComparison.Ordinal)
            .Replace($"url: \"https://{(asg ? "shop" : "orders")}.example.com/healthz\", expect_status: 200", $"url: \"{Entry.HealthUrl}\", expect_status: 200, body_contains: \"site {{site}}\"", StringComparison.Ordinal);
        text.ShouldContain(Entry.HealthUrl, customMessage: "the example plan's site probe changed: update SeedWorld");
        text.ShouldContain(FenceGroups["us"], customMessage: "the example plan's fence groups changed: update SeedWorld");
        if (Aurora is not null)
        {
            var database = text.IndexOf("\ndatabase:\n  provider: aws-rds\n", StringComparison.Ordinal);
            database.ShouldBeGreaterThan(0, "the example plan's database block changed: update SeedWorld");
            var end = text.IndexOf("\n\n", database + 1, StringComparison.Ordinal);
            text = text[..database] + $$"""

                database:
                  provider: aws-aurora-global
                  config:
                    global_cluster: {{GlobalCluster}}
                    eu: { cluster: {{AuroraCluster("eu")}}, instance_class: db.r6g.large }
                    us: { cluster: {{AuroraCluster("us")}}, instance_class: db.r6g.large }
                """ + text[end..];
        }

        if (!asg)
        {
            return text;
        }

        var notifications = text.IndexOf("\nnotifications:", StringComparison.Ordinal);
        var smokeChecks = text.IndexOf("\n# What a drill checks", StringComparison.Ordinal);
        return text[..notifications] + text[smokeChecks..] + $"""

            notifications:
              sns:
                - name: dr-events
                  topic_arn: {TopicArn}
                  events: ["*"]

            """;
    }
}
