using System.Text.Json.Nodes;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.EndToEnd;

/// <summary>
/// Seed 004 end to end: examples/aws-ecs.yaml (ECS services on capacity groups bought on spot while idle) through the
/// real CLI against moto — the loss of eu-west-1, failover (us's service to its full task count, its capacity group
/// to the instances those tasks need, on-demand), SNS, then failback: us back to one task on one spot instance.
/// </summary>
public sealed class EcsSeedEndToEndTests() : SeedWorldTest(SeedWorld.Seed.Ecs)
{
    [Fact]
    public async Task LossOfEu_Failover_ServiceAndCapacityToFull_ThenFailback_BackToOneSpotTask()
    {
        var ready = await World.PilotlightAsync(CommandTimeout, "status");
        ready.ExitCode.ShouldBe(0, ready.All);
        (await World.Entry.ResolveAsync(Token)).Answer.ShouldBe("200 site eu");

        World.Lose("eu-west-1");
        var failover = await World.PilotlightAsync(CommandTimeout, "failover");
        failover.ExitCode.ShouldBe(0, failover.All);

        var afterFailover = await ComputeAsync();
        afterFailover["us"]!.AsArray().Select(n => (int)n!).ShouldBe([6, 6, 3, 100], $"us: 6 tasks desired and running, 3 instances (2 tasks each) on-demand: {afterFailover.ToJsonString()}");
        afterFailover["messages"]!.AsArray().Select(m => (string)m!).ShouldContain(m => m.Contains("failover from eu to us succeeded", StringComparison.Ordinal), afterFailover.ToJsonString());
        (await World.Entry.ResolveAsync(Token)).Answer.ShouldBe("200 site us");

        World.Recover("eu-west-1");
        var failback = await World.PilotlightAsync(CommandTimeout, "failback");
        failback.ExitCode.ShouldBe(0, failback.All);
        var table = failback.Output.Split('\n');
        table.ShouldContain(l => l.TrimStart().StartsWith("verify-consistency", StringComparison.Ordinal) && l.Contains("succeeded: not compared: the RDS API cannot read tables", StringComparison.Ordinal), $"the text table says what a step did: {failback.Output}");
        table.ShouldContain(l => l.TrimStart().StartsWith("capture-divergence", StringComparison.Ordinal) && l.Contains("NOT captured: aws-rds", StringComparison.Ordinal), failback.Output);

        var pilot = await ComputeAsync();
        pilot["us"]!.AsArray().Select(n => (int)n!).ShouldBe([1, 1, 1, 0], $"us back to one task on one spot instance: {pilot.ToJsonString()}");
        pilot["eu"]!.AsArray().Select(n => (int)n!).ShouldBe([6, 6, 3, 100], pilot.ToJsonString());
        pilot["messages"]!.AsArray().Select(m => (string)m!).ShouldContain(m => m.Contains("failback from us to eu succeeded", StringComparison.Ordinal), pilot.ToJsonString());
        (await World.Entry.ResolveAsync(Token)).Answer.ShouldBe("200 site eu");
    }

    /// <summary>Per site [desired tasks, running tasks, capacity group desired instances, on-demand % above base], and the SNS messages queued.</summary>
    private Task<JsonNode> ComputeAsync() => World.ReadAsync($$"""
        def site(name, region):
            service = client("ecs", region).describe_services(cluster="{{World.Cluster("eu")[..^2]}}" + name, services=["{{World.Service}}"])["services"][0]
            group = client("autoscaling", region).describe_auto_scaling_groups(AutoScalingGroupNames=["{{World.Group("eu")[..^2]}}" + name])["AutoScalingGroups"][0]
            return [service["desiredCount"], service["runningCount"], group["DesiredCapacity"], group["MixedInstancesPolicy"]["InstancesDistribution"]["OnDemandPercentageAboveBaseCapacity"]]
        messages = client("sqs", "us-west-2").receive_message(QueueUrl="{{World.QueueUrl}}", MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
        print(json.dumps({"eu": site("eu", "eu-west-1"), "us": site("us", "us-west-2"), "messages": [m["Body"] for m in messages]}))
        """, Token);
}
