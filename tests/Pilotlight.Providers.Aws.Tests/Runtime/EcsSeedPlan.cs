using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// examples/aws-ecs.yaml (seed 004) with this test's own names (<c>orders-</c> becomes <c>o{id}-</c>), read through
/// the CLI's registry, and its compute provisioned into moto with boto3 as Terraform would: per region a cluster, a
/// task definition, a service at one task, and the cluster's Auto Scaling group at 0/0/4 on a 0 % on-demand policy.
/// </summary>
internal sealed class EcsSeedPlan : IDisposable
{
    private EcsSeedPlan(string id, string text, Plan plan)
    {
        Id = id;
        Text = text;
        Plan = plan;
    }

    /// <summary>The plan file's text, with this test's names.</summary>
    public string Text { get; }

    public string Id { get; }

    public Plan Plan { get; }

    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("pilotlight-aws-ecs-state-").FullName;

    public ProviderBuildContext Context => new(Plan, StateDirectory, StateDirectory, TimeProvider.System);

    public AwsEcsSettings Settings => Plan.Resource(ResourceKind.Compute).ShouldNotBeNull().Settings.ShouldBeOfType<AwsEcsSettings>();

    public string Cluster(string site) => $"o{Id}-{site}";

    public string Service => $"o{Id}-api";

    public string Group(string site) => $"o{Id}-ecs-{site}";

    public string TopicArn => $"arn:aws:sns:us-west-2:123456789012:o{Id}-dr-events";

    public static EcsSeedPlan Read(string id)
    {
        var text = File.ReadAllText(SeedPlan.ExamplePath("aws-ecs.yaml")).Replace("orders-", $"o{id}-", StringComparison.Ordinal);
        var result = PlanFile.Parse("aws-ecs.yaml", text, Cli.PlanProviders.Registry, TimeProvider.System);
        return new EcsSeedPlan(id, text, result.Plan.ShouldNotBeNull(string.Join("; ", result.Problems)));
    }

    /// <summary>The compute provider built by the plan's registered factory — the path pilotlight itself takes.</summary>
    public object CreateThroughRegistry()
    {
        var binding = Plan.Resource(ResourceKind.Compute).ShouldNotBeNull();
        return Cli.PlanProviders.Registry.Find(ResourceKind.Compute, binding.Provider).ShouldBeAssignableTo<IProviderFactory>().ShouldNotBeNull().Create(binding.Settings, Context);
    }

    public Task ProvisionAsync(MotoServer moto, CancellationToken cancellationToken) => moto.Boto3Async($$$"""
        for site, region in (("eu", "eu-west-1"), ("us", "us-west-2")):
            group = "o{{{Id}}}-ecs-" + site
            client("ec2", region).create_launch_template(LaunchTemplateName=group, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "m5.large"})
            client("autoscaling", region).create_auto_scaling_group(AutoScalingGroupName=group, MinSize=0, MaxSize=4, DesiredCapacity=0, AvailabilityZones=[region + "a"],
                MixedInstancesPolicy={"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": group, "Version": "$Latest"}, "Overrides": [{"InstanceType": "m5.large"}]},
                                      "InstancesDistribution": {"OnDemandBaseCapacity": 0, "OnDemandPercentageAboveBaseCapacity": 0, "SpotAllocationStrategy": "price-capacity-optimized"}})
            ecs = client("ecs", region)
            ecs.create_cluster(clusterName="o{{{Id}}}-" + site)
            ecs.register_task_definition(family="o{{{Id}}}-api", containerDefinitions=[{"name": "api", "image": "orders:1.4", "memory": 512}])
            ecs.create_service(cluster="o{{{Id}}}-" + site, serviceName="o{{{Id}}}-api", taskDefinition="o{{{Id}}}-api", desiredCount=1)
        """, cancellationToken);

    /// <summary>The plan's SNS topic with an SQS queue subscribed to it; returns the queue's URL.</summary>
    public async Task<string> ProvisionTopicAsync(MotoServer moto, CancellationToken cancellationToken) => (await moto.Boto3Async($$$"""
        sns = client("sns"); sqs = client("sqs")
        topic = sns.create_topic(Name="o{{{Id}}}-dr-events")["TopicArn"]
        queue = sqs.create_queue(QueueName="o{{{Id}}}-dr")["QueueUrl"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])
        print(queue)
        """, cancellationToken)).Trim();

    /// <summary>The SNS envelopes (JSON) waiting in <paramref name="queueUrl"/>, as a JSON array.</summary>
    public static Task<string> ReceiveAsync(MotoServer moto, string queueUrl, CancellationToken cancellationToken) => moto.Boto3Async($$$"""
        r = client("sqs").receive_message(QueueUrl="{{{queueUrl}}}", MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        print(json.dumps([json.loads(m["Body"]) for m in r]))
        """, cancellationToken);

    public void Dispose() => Directory.Delete(StateDirectory, recursive: true);
}
