using System.Text.Json.Nodes;

namespace Pilotlight.Providers.Aws.Tests.EndToEnd;

/// <summary>
/// Seed 001 with the workshop's Aurora global database in place of RDS, end to end through the real CLI: status, a
/// planned switchover to us and back (Aurora's own SwitchoverGlobalCluster), then the loss of eu-west-1, an
/// unplanned failover (FailoverGlobalCluster with data loss allowed) and, with eu back, the failback. moto 5.2.1 keeps
/// every resource but cannot move a global cluster's writer: the world's <see cref="AuroraSwitchoverEmulator"/>
/// answers those two requests and reports their effect, everything else is moto's.
/// </summary>
public sealed class AuroraSeedEndToEndTests() : SeedWorldTest(SeedWorld.Seed.Asg, aurora: true)
{
    [Fact]
    public async Task Status_SwitchoverThereAndBack_LossOfEu_Failover_Failback_TheGlobalWriterFollowsAndPilotLightReturns()
    {
        var aws = World.Aurora!;
        var ready = await World.PilotlightAsync(CommandTimeout, "status");
        ready.ExitCode.ShouldBe(0, ready.All);
        ready.Output.ShouldStartWith("READY: site us can take over from site eu");

        var there = await World.PilotlightAsync(CommandTimeout, "switchover", "--to", "us", "--json");
        there.ExitCode.ShouldBe(0, there.All);
        var steps = Details(there.Output);
        steps["demote-primary"].ShouldStartWith($"token aurora switchover to {World.AuroraCluster("us")} at ");
        steps["attach-old-primary"].ShouldBe("its effect already held", customMessage: "Aurora's switchover itself made eu's cluster a secondary of us's");
        aws.Switchovers.ShouldHaveSingleItem().ShouldEndWith($"&TargetDbClusterIdentifier={Uri.EscapeDataString(World.AuroraArn("us"))}");
        aws.Writer.ShouldBe(World.AuroraArn("us"));
        await ShapeShouldBeAsync(serving: "us", "switchover from eu to us succeeded");

        var back = await World.PilotlightAsync(CommandTimeout, "switchover", "--to", "eu", "--json");
        back.ExitCode.ShouldBe(0, back.All);
        aws.Switchovers.Count.ShouldBe(2);
        aws.Writer.ShouldBe(World.AuroraArn("eu"));
        await ShapeShouldBeAsync(serving: "eu", "switchover from us to eu succeeded");
        (await World.PilotlightAsync(CommandTimeout, "status")).ExitCode.ShouldBe(0, "READY again after the round trip");

        World.Lose("eu-west-1");
        var failover = await World.PilotlightAsync(CommandTimeout, "failover", "--json");
        failover.ExitCode.ShouldBe(0, failover.All);
        aws.Failovers.ShouldHaveSingleItem().ShouldBe($"Action=FailoverGlobalCluster&Version=2014-10-31&GlobalClusterIdentifier={World.GlobalCluster}&TargetDbClusterIdentifier={Uri.EscapeDataString(World.AuroraArn("us"))}&AllowDataLoss=true");
        aws.Writer.ShouldBe(World.AuroraArn("us"));
        Details(failover.Output)["fence-database"].ShouldContain("Aurora offers no write fence across a lost region", customMessage: "the database fence is not applied, and the failover says so");

        World.Recover("eu-west-1");
        var failback = await World.PilotlightAsync(CommandTimeout, "failback", "--json");
        failback.ExitCode.ShouldBe(0, failback.All);
        steps = Details(failback.Output);
        steps["capture-divergence"].ShouldContain("NOT captured: aws-aurora-global", customMessage: "the old writer's writes after the failover cannot be read through the RDS API, and the failback says so");
        steps["rebuild-standby"].ShouldBe("its effect already held", customMessage: "Aurora made the old writer a secondary itself once its region was back");
        steps["verify-consistency"].ShouldStartWith("not compared: ");
        aws.Switchovers.Count.ShouldBe(3, "the failback's switchover back to eu");
        aws.Writer.ShouldBe(World.AuroraArn("eu"));
        await ShapeShouldBeAsync(serving: "eu", "failback from us to eu succeeded");
    }

    /// <summary>Each step's detail (empty when it has none), by step.</summary>
    private static Dictionary<string, string> Details(string json) =>
        JsonNode.Parse(json)!["steps"]!.AsArray().ToDictionary(s => (string)s!["step"]!, s => (string?)s!["detail"] ?? "");

    /// <summary>
    /// The site serving at full capacity on-demand with its record at its load balancer and its check forced healthy;
    /// the other at pilot light (0/0/3) with its check forced unhealthy; the entry answering from the serving site;
    /// an SNS message saying so.
    /// </summary>
    private async Task ShapeShouldBeAsync(string serving, string message)
    {
        var state = await World.ReadAsync($$"""
            def group(site, region):
                g = client("autoscaling", region).describe_auto_scaling_groups(AutoScalingGroupNames=["web-{{World.Id}}-" + site])["AutoScalingGroups"][0]
                return [g["MinSize"], g["DesiredCapacity"], g["MaxSize"]]
            r53 = client("route53", "us-east-1")
            records = {r["SetIdentifier"]: r["ResourceRecords"][0]["Value"] for r in r53.list_resource_record_sets(HostedZoneId="{{World.ZoneId}}")["ResourceRecordSets"] if r.get("SetIdentifier")}
            configs = {s: r53.get_health_check(HealthCheckId=i)["HealthCheck"]["HealthCheckConfig"] for s, i in (("eu", "{{World.Checks["eu"]}}"), ("us", "{{World.Checks["us"]}}"))}
            forced = {s: "healthy" if c["HealthThreshold"] == 0 else "unhealthy" if c["HealthThreshold"] > len(c.get("ChildHealthChecks", [])) else "by children" for s, c in configs.items()}
            messages = client("sqs", "us-west-2").receive_message(QueueUrl="{{World.QueueUrl}}", MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
            print(json.dumps({"eu": group("eu", "eu-west-1"), "us": group("us", "us-west-2"), "records": records, "forced": forced, "messages": [m["Body"] for m in messages]}))
            """, Token);
        var report = state.ToJsonString();
        var other = serving == "eu" ? "us" : "eu";
        state[serving]!.AsArray().Select(n => (int)n!).ShouldBe([1, 2, 3], report);
        state[other]!.AsArray().Select(n => (int)n!).ShouldBe([0, 0, 3], report);
        ((string)state["records"]![$"{World.RecordName}-{serving}"]!).ShouldBe(World.Endpoint(serving), report);
        ((string)state["forced"]![serving]!).ShouldBe("healthy", report);
        ((string)state["forced"]![other]!).ShouldBe("unhealthy", report);
        state["messages"]!.AsArray().Select(m => (string)m!).ShouldContain(m => m.Contains(message, StringComparison.Ordinal), report);
        (await World.Entry.ResolveAsync(Token)).Answer.ShouldBe($"200 site {serving}");
    }
}
