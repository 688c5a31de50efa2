using System.Text.Json.Nodes;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.EndToEnd;

/// <summary>
/// Seed 001 end to end: the real pilotlight CLI on the seed plan against moto, as an operator would run it — status,
/// the loss of eu-west-1, failover, (after the region returns) failback and a drill — and moto's state read back with
/// boto3 after each. moto's request recorder shows what pilotlight sent, in order, and the aws CLI's requests for the
/// same operations are compared with pilotlight's.
/// </summary>
public sealed class SeedEndToEndTests() : SeedWorldTest(SeedWorld.Seed.Asg)
{
    [Fact]
    public async Task Status_LossOfEu_Failover_ThenFailback_ThenDrill_MotoStateAfterEach()
    {
        var ready = await World.PilotlightAsync(CommandTimeout, "status");
        ready.ExitCode.ShouldBe(0, ready.All);
        ready.Output.ShouldStartWith("READY: site us can take over from site eu");
        ready.Output.ShouldContain("ok  compute   application shop 1.4.2 present", customMessage: "both groups carry the release tag: template ids differ per region");
        (await World.Entry.ResolveAsync(Token)).Answer.ShouldBe("200 site eu");
        var dryRun = await World.PilotlightAsync(CommandTimeout, "failover", "--dry-run", "--json");
        var timeouts = JsonNode.Parse(dryRun.Output)!["waves"]!.AsArray().SelectMany(w => w!.AsArray()).ToDictionary(s => (string)s!["id"]!, s => (double)s!["timeout_seconds"]!);
        (timeouts["promote-replica"], timeouts["scale-compute"], timeouts["fence-traffic"]).ShouldBe((1800, 900, 180), "AWS-sized step timeouts");

        World.Lose("eu-west-1");
        var lost = await World.PilotlightAsync(CommandTimeout, "status");
        lost.ExitCode.ShouldNotBe(0, lost.All);
        lost.All.ShouldContain("eu-west-1");
        lost.All.ShouldNotContain("internal error");
        (await World.Entry.ResolveAsync(Token)).Answer.ShouldBe("503 site eu's region eu-west-1 is lost");

        await MotoRecording.StartAsync(Moto, Token);
        var failover = await World.PilotlightAsync(CommandTimeout, "failover");
        failover.ExitCode.ShouldBe(0, failover.All);
        var sent = (await MotoRecording.DownloadAsync(Moto, Token)).Where(r => r.UserAgent.StartsWith("pilotlight/", StringComparison.Ordinal) || r.UserAgent.StartsWith("aws-sdk-dotnet", StringComparison.Ordinal)).ToList();

        // Route 53 sends users to us only after its replica is promoted and its group scaled to full.
        int Index(Func<RecordedRequest, bool> which, string what) => sent.FindIndex(r => which(r)) is var i and >= 0 ? i : throw new ShouldAssertException($"pilotlight sent no {what}: {string.Join(", ", sent.Select(r => $"{r.Region} {r.Operation}"))}");
        var fence = Index(r => r.Operation.StartsWith($"POST /2013-04-01/hostedzone/{World.ZoneId}/rrset", StringComparison.Ordinal) && r.Body.Contains("maintenance.example.com", StringComparison.Ordinal), "fence of eu's record");
        var promote = Index(r => r.Operation == "PromoteReadReplica" && r.Region == "us-west-2" && r.Form["DBInstanceIdentifier"] == World.ReplicaDb, "PromoteReadReplica of us's replica");
        var scale = Index(r => r.Operation == "UpdateAutoScalingGroup" && r.Region == "us-west-2" && r.Form.GetValueOrDefault("DesiredCapacity") == "2", "scale-up of us's group");
        var open = Index(r => r.Operation == $"POST /2013-04-01/healthcheck/{World.Checks["us"]}" && r.Body.Contains("<HealthThreshold>0</HealthThreshold>", StringComparison.Ordinal), "us's check forced healthy");
        fence.ShouldBeLessThan(promote, "eu is fenced before us is promoted");
        open.ShouldBeGreaterThan(promote, "DNS never names us before its database takes writes");
        open.ShouldBeGreaterThan(scale, "nor before its compute is at full capacity");
        sent.ShouldNotContain(r => r.Region == "eu-west-1", "the lost region answered nothing: moto saw none of its requests");

        var state = await World.ReadAsync($$"""
            asg = client("autoscaling", "us-west-2").describe_auto_scaling_groups(AutoScalingGroupNames=["{{World.Group("us")}}"])["AutoScalingGroups"][0]
            r53 = client("route53", "us-east-1")
            records = r53.list_resource_record_sets(HostedZoneId="{{World.ZoneId}}")["ResourceRecordSets"]
            eu = [r for r in records if r.get("SetIdentifier") == "{{World.RecordName}}-eu"][0]
            messages = client("sqs", "us-west-2").receive_message(QueueUrl="{{World.QueueUrl}}", MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
            print(json.dumps({"capacity": [asg["MinSize"], asg["DesiredCapacity"], asg["MaxSize"]],
                              "on_demand": asg["MixedInstancesPolicy"]["InstancesDistribution"]["OnDemandPercentageAboveBaseCapacity"],
                              "eu_record": eu["ResourceRecords"][0]["Value"],
                              "us_threshold": r53.get_health_check(HealthCheckId="{{World.Checks["us"]}}")["HealthCheck"]["HealthCheckConfig"]["HealthThreshold"],
                              "messages": [m["Body"] for m in messages]}))
            """, Token);
        state["capacity"]!.AsArray().Select(n => (int)n!).ShouldBe([1, 2, 3]);
        ((int)state["on_demand"]!).ShouldBe(100, "full capacity is on-demand (seed 004)");
        ((string)state["eu_record"]!).ShouldBe("maintenance.example.com");
        ((int)state["us_threshold"]!).ShouldBe(0);
        state["messages"]!.AsArray().Select(m => (string)m!).ShouldContain(m => m.Contains("failover from eu to us succeeded", StringComparison.Ordinal), state.ToJsonString());
        (await World.Entry.ResolveAsync(Token)).Answer.ShouldBe("200 site us");

        await SameAsTheAwsCliAsync(sent[promote], "rds", "promote-read-replica", "--db-instance-identifier", World.ReplicaDb);
        var policy = await World.ReadAsync($$"""
            print(json.dumps(client("autoscaling", "us-west-2").describe_auto_scaling_groups(AutoScalingGroupNames=["{{World.Group("us")}}"])["AutoScalingGroups"][0]["MixedInstancesPolicy"]))
            """, Token);
        var template = policy["LaunchTemplate"]!["LaunchTemplateSpecification"]!.AsObject();
        template.Remove("LaunchTemplateName");
        await SameAsTheAwsCliAsync(sent[scale], "autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name", World.Group("us"),
            "--min-size", "1", "--max-size", "3", "--desired-capacity", "2", "--mixed-instances-policy", policy.ToJsonString());

        World.Recover("eu-west-1");
        var failback = await World.PilotlightAsync(CommandTimeout, "failback", "--json");
        failback.ExitCode.ShouldBe(0, failback.All);
        var steps = JsonNode.Parse(failback.Output)!["steps"]!.AsArray().ToDictionary(s => (string)s!["step"]!, s => (string?)s!["detail"] ?? "");
        steps["capture-divergence"].ShouldContain("NOT captured: aws-rds", customMessage: "the old primary's writes after the fork cannot be read through the RDS API, and the failback says so");
        steps["verify-consistency"].ShouldStartWith("not compared: ", customMessage: "nor can tables be compared");
        steps["rebuild-standby"].ShouldContain("-retired-", customMessage: "the old primary is kept under a new name");
        await BackToPilotLightAsync("failback from us to eu succeeded", retired: 2);

        var drill = await World.PilotlightAsync(CommandTimeout, "drill", "--mode", "live", "--duration", "2s", "--json");
        drill.ExitCode.ShouldBe(0, drill.All);
        var drilled = JsonNode.Parse(drill.Output)!["steps"]!.AsArray().ToDictionary(s => (string)s!["step"]!, s => (string)s!["outcome"]!);
        drilled.Where(s => s.Key is "smoke-checks" or "verdict" or "out.promote-target" or "back.promote-target" or "pilot-light").Select(s => s.Value).ShouldAllBe(o => o == "succeeded", drill.Output);
        await BackToPilotLightAsync("drill", retired: 4);
    }

    /// <summary>
    /// Pilot light as seed 001 has it: eu serves (its record at its load balancer, its check healthy, its group 1/2/3),
    /// us waits (check unhealthy, group 0/0/3 on spot, the database a replica of eu's, objects replicated to it), every
    /// database Pilotlight moved aside still there (renamed, never deleted), and an SNS message saying so.
    /// </summary>
    private async Task BackToPilotLightAsync(string message, int retired)
    {
        var state = await World.ReadAsync($$"""
            def group(site, region):
                g = client("autoscaling", region).describe_auto_scaling_groups(AutoScalingGroupNames=["web-{{World.Id}}-" + site])["AutoScalingGroups"][0]
                return [g["MinSize"], g["DesiredCapacity"], g["MaxSize"], g["MixedInstancesPolicy"]["InstancesDistribution"]["OnDemandPercentageAboveBaseCapacity"]]
            r53 = client("route53", "us-east-1")
            records = {r["SetIdentifier"]: r["ResourceRecords"][0]["Value"] for r in r53.list_resource_record_sets(HostedZoneId="{{World.ZoneId}}")["ResourceRecordSets"] if r.get("SetIdentifier")}
            configs = [r53.get_health_check(HealthCheckId=i)["HealthCheck"]["HealthCheckConfig"] for i in ("{{World.Checks["eu"]}}", "{{World.Checks["us"]}}")]
            forced = ["healthy" if c["HealthThreshold"] == 0 else "unhealthy" if c["HealthThreshold"] > len(c.get("ChildHealthChecks", [])) else "by children" for c in configs]
            eu_db = client("rds", "eu-west-1").describe_db_instances()["DBInstances"]
            us_db = client("rds", "us-west-2").describe_db_instances()["DBInstances"]
            primary_arn = [d for d in eu_db if d["DBInstanceIdentifier"] == "{{World.PrimaryDb}}"][0]["DBInstanceArn"]
            replica = [d for d in us_db if d["DBInstanceIdentifier"] == "{{World.ReplicaDb}}"][0]
            rules = client("s3", "eu-west-1").get_bucket_replication(Bucket="assets-{{World.Id}}-eu")["ReplicationConfiguration"]["Rules"]
            messages = client("sqs", "us-west-2").receive_message(QueueUrl="{{World.QueueUrl}}", MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
            print(json.dumps({"eu": group("eu", "eu-west-1"), "us": group("us", "us-west-2"), "records": records, "forced": forced,
                              "replica_of_eu": replica.get("ReadReplicaSourceDBInstanceIdentifier") == primary_arn,
                              "retired": sorted(d["DBInstanceIdentifier"] for d in eu_db + us_db if "-retired-" in d["DBInstanceIdentifier"]),
                              "replicating_to_us": any(r["Status"] == "Enabled" and r["Destination"]["Bucket"] == "arn:aws:s3:::assets-{{World.Id}}-us" for r in rules),
                              "messages": [m["Body"] for m in messages]}))
            """, Token);
        var report = state.ToJsonString();
        state["eu"]!.AsArray().Select(n => (int)n!).ShouldBe([1, 2, 3, 100], report);
        state["us"]!.AsArray().Select(n => (int)n!).ShouldBe([0, 0, 3, 0], $"us back to pilot light on spot: {report}");
        ((string)state["records"]![$"{World.RecordName}-eu"]!).ShouldBe(World.Endpoint("eu"), report);
        state["forced"]!.AsArray().Select(n => (string)n!).ShouldBe(["healthy", "unhealthy"], report);
        ((bool)state["replica_of_eu"]!).ShouldBeTrue($"us's database is a replica of eu's: {report}");
        state["retired"]!.AsArray().Count.ShouldBe(retired, $"every instance moved aside is kept: {report}");
        ((bool)state["replicating_to_us"]!).ShouldBeTrue(report);
        state["messages"]!.AsArray().Select(m => (string)m!).ShouldContain(m => m.Contains(message, StringComparison.Ordinal), report);
        (await World.Entry.ResolveAsync(Token)).Answer.ShouldBe("200 site eu");
    }

    /// <summary>The aws CLI sends the same operation with the same parameters, as moto's recorder saw both.</summary>
    private async Task SameAsTheAwsCliAsync(RecordedRequest pilotlight, params string[] command)
    {
        await MotoRecording.StartAsync(Moto, Token);
        await Python.RunAsync(["-m", "awscli", .. command, "--region", pilotlight.Region, "--endpoint-url", Moto.Url.ToString()], "", Token,
            new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing" });
        var cli = (await MotoRecording.DownloadAsync(Moto, Token)).Single(r => r.UserAgent.StartsWith("aws-cli", StringComparison.Ordinal));
        (cli.Service, cli.Region, cli.Operation).ShouldBe((pilotlight.Service, pilotlight.Region, pilotlight.Operation));
        pilotlight.Form.ShouldBe(cli.Form, $"{pilotlight.Operation}: pilotlight's parameters and the aws CLI's");
    }
}
