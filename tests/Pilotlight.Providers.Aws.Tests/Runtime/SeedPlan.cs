using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// examples/aws.yaml (seed 001: eu-west-1 serves, us-west-2 is the pilot light) with this test's own resource names,
/// read through the CLI's registry like any plan, and the seed's resources provisioned into moto with boto3 as a
/// user's Terraform would: an RDS primary in eu-west-1 with its cross-region read replica in us-west-2, and an Auto
/// Scaling group at 0/0/3 with a 0 % (or the given) on-demand mixed instances policy per region.
/// </summary>
internal sealed class SeedPlan : IDisposable
{
    private SeedPlan(string id, Plan plan, string stateDirectory)
    {
        Id = id;
        Plan = plan;
        StateDirectory = stateDirectory;
    }

    public string Id { get; }

    public Plan Plan { get; }

    public string StateDirectory { get; }

    public string PrimaryDb => $"shop-{Id}";

    public string ReplicaDb => $"shop-{Id}-us";

    public string Group(string site) => $"web-{Id}-{site}";

    public string Secret => $"shop/{Id}/db-credentials";

    public string Bucket(string site) => $"assets-{Id}-{site}";

    public ProviderBuildContext Context => new(Plan, StateDirectory, StateDirectory, TimeProvider.System);

    public static SeedPlan Read(string id, string? stateDirectory = null)
    {
        var text = Text(id);
        var result = PlanFile.Parse("aws.yaml", text, Cli.PlanProviders.Registry, TimeProvider.System);
        var plan = result.Plan.ShouldNotBeNull(string.Join("; ", result.Problems));
        return new SeedPlan(id, plan, stateDirectory ?? Directory.CreateTempSubdirectory("pilotlight-aws-state-").FullName);
    }

    /// <summary>examples/aws.yaml with this test's resource names (<paramref name="id"/> in each).</summary>
    public static string Text(string id) => File.ReadAllText(ExamplePath("aws.yaml"))
        .Replace("shop-db-us-replica", $"shop-{id}-us", StringComparison.Ordinal)
        .Replace("shop-db-eu", $"shop-{id}", StringComparison.Ordinal)
        .Replace("shop-web-eu", $"web-{id}-eu", StringComparison.Ordinal)
        .Replace("shop-web-us", $"web-{id}-us", StringComparison.Ordinal)
        .Replace("shop/db-credentials", $"shop/{id}/db-credentials", StringComparison.Ordinal)
        .Replace("shop-assets-eu-west-1", $"assets-{id}-eu", StringComparison.Ordinal)
        .Replace("shop-assets-us-west-2", $"assets-{id}-us", StringComparison.Ordinal);

    public T Settings<T>(ResourceKind kind)
        where T : ProviderSettings => Binding(kind).Settings.ShouldBeOfType<T>();

    /// <summary>The runtime provider built by the plan's registered factory — the path pilotlight itself takes.</summary>
    public object CreateThroughRegistry(ResourceKind kind) =>
        Cli.PlanProviders.Registry.Find(kind, Binding(kind).Provider).ShouldBeAssignableTo<IProviderFactory>().ShouldNotBeNull().Create(Binding(kind).Settings, Context);

    public Task ProvisionGroupsAsync(MotoServer moto, CancellationToken cancellationToken, int onDemandPercentage = 0) => moto.Boto3Async($$$"""
        for site, region in (("eu", "eu-west-1"), ("us", "us-west-2")):
            name = "web-{{{Id}}}-" + site
            client("ec2", region).create_launch_template(LaunchTemplateName=name, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"})
            client("autoscaling", region).create_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, MaxSize=3, DesiredCapacity=0, AvailabilityZones=[region + "a"],
                MixedInstancesPolicy={"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": name, "Version": "$Latest"},
                                                         "Overrides": [{"InstanceType": "t3.micro"}, {"InstanceType": "t3.small"}]},
                                      "InstancesDistribution": {"OnDemandBaseCapacity": 0, "OnDemandPercentageAboveBaseCapacity": {{{onDemandPercentage}}}, "SpotAllocationStrategy": "price-capacity-optimized"}})
        """, cancellationToken);

    public Task ProvisionDatabaseAsync(MotoServer moto, CancellationToken cancellationToken) => moto.Boto3Async($$$"""
        eu = client("rds", "eu-west-1")
        eu.create_db_instance(DBInstanceIdentifier="{{{PrimaryDb}}}", Engine="postgres", DBInstanceClass="db.t3.micro", AllocatedStorage=20, MasterUsername="shop", MasterUserPassword="not-a-secret-1")
        arn = eu.describe_db_instances(DBInstanceIdentifier="{{{PrimaryDb}}}")["DBInstances"][0]["DBInstanceArn"]
        client("rds", "us-west-2").create_db_instance_read_replica(DBInstanceIdentifier="{{{ReplicaDb}}}", SourceDBInstanceIdentifier=arn)
        """, cancellationToken);

    /// <summary>
    /// A versioned bucket per region, eu's replicating to us with a role (as Terraform would leave them), and
    /// <paramref name="objects"/> objects in eu written before that rule existed (so not replicated).
    /// </summary>
    public Task ProvisionBucketsAsync(MotoServer moto, CancellationToken cancellationToken, int objects = 3) => moto.Boto3Async($$$"""
        for site, region in (("eu", "eu-west-1"), ("us", "us-west-2")):
            s3 = client("s3", region)
            s3.create_bucket(Bucket="assets-{{{Id}}}-" + site, CreateBucketConfiguration={"LocationConstraint": region})
            s3.put_bucket_versioning(Bucket="assets-{{{Id}}}-" + site, VersioningConfiguration={"Status": "Enabled"})
        eu = client("s3", "eu-west-1")
        for i in range({{{objects}}}):
            eu.put_object(Bucket="assets-{{{Id}}}-eu", Key=f"products/SKU-{i}.png", Body=b"image %d" % i)
        eu.put_bucket_replication(Bucket="assets-{{{Id}}}-eu", ReplicationConfiguration={"Role": "arn:aws:iam::123456789012:role/s3-replication",
            "Rules": [{"ID": "terraform", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""}, "DeleteMarkerReplication": {"Status": "Disabled"},
                       "Destination": {"Bucket": "arn:aws:s3:::assets-{{{Id}}}-us"}}]})
        """, cancellationToken);

    /// <summary>The secret in eu-west-1, replicated to us-west-2 unless told otherwise (its value is never read back).</summary>
    public Task ProvisionSecretAsync(MotoServer moto, CancellationToken cancellationToken, bool replicated = true) => moto.Boto3Async($$$"""
        client("secretsmanager", "eu-west-1").create_secret(Name="{{{Secret}}}", SecretString="not-a-secret-2"{{{(replicated ? ", AddReplicaRegions=[{\"Region\": \"us-west-2\"}]" : "")}}})
        """, cancellationToken);

    public void Dispose()
    {
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    private ResourceBinding Binding(ResourceKind kind) => Plan.Resource(kind).ShouldNotBeNull();

    internal static string ExamplePath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pilotlight.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Pilotlight.slnx not found above the test directory"), "examples", name);
    }
}
