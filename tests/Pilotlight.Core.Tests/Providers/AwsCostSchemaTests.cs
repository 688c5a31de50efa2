using Pilotlight.Core.Plans;
using Pilotlight.Core.Tests.Plans;
using Pilotlight.Providers.Aws;

namespace Pilotlight.Core.Tests.Providers;

/// <summary>
/// The AWS schemas' instance types and classes (what <c>pilotlight cost</c> prices), <c>aws-ecs</c> with its capacity
/// group (seed 004) and <c>aws-aurora-global</c>: a valid block, and each kind of bad input in one line.
/// </summary>
public sealed class AwsCostSchemaTests
{
    private const string RdsBlock = "  provider: aws-rds\n  config:\n    eu: { instance: shop-db-eu, instance_class: db.r6g.large, fence_security_group: sg-0fe0ce0000000000e }\n    us: { instance: shop-db-us-replica, instance_class: db.r6g.large, fence_security_group: sg-0fe0ce0000000000f }";

    private const string AuroraBlock = "  provider: aws-aurora-global\n  config:\n    global_cluster: shop-global\n    eu: { cluster: shop-eu, instance_class: db.r6g.large }\n    us: { cluster: shop-us, instance_class: db.r6g.large }";

    private static PlanReadResult Parse(string example, params (string Find, string Replace)[] edits)
    {
        var file = example == "aurora" ? "aws.yaml" : example;
        var text = File.ReadAllText(SamplePlans.Example(file));
        foreach (var (find, replace) in example == "aurora" ? [(RdsBlock, AuroraBlock), .. edits] : edits)
        {
            text.ShouldContain(find);
            text = text.Replace(find, replace, StringComparison.Ordinal);
        }

        return PlanFile.Parse(file, text, TestProviders.Registry, FixedClock.At2026);
    }

    private static string[] Problems(string example, string find, string replace) =>
        [.. Parse(example, (find, replace)).Problems.Select(p => p.ToString())];

    [Fact]
    public void AwsExample_InstanceTypeAndClass_ReadPerSite()
    {
        var plan = Parse("aws.yaml").Plan.ShouldNotBeNull();

        var compute = plan.Resource(ResourceKind.Compute).ShouldNotBeNull().Settings.ShouldBeOfType<AwsAsgSettings>();
        compute.Groups["eu"].InstanceType.ShouldBe("t3.medium");
        var database = plan.Resource(ResourceKind.Database).ShouldNotBeNull().Settings.ShouldBeOfType<AwsRdsSettings>();
        database.Instances["us"].InstanceClass.ShouldBe("db.r6g.large");
    }

    [Fact]
    public void AwsExample_NoInstanceType_StillValid()
    {
        var plan = Parse("aws.yaml", (", instance_type: t3.medium", ""), (", instance_class: db.r6g.large", "")).Plan.ShouldNotBeNull();

        plan.Resource(ResourceKind.Compute).ShouldNotBeNull().Settings.ShouldBeOfType<AwsAsgSettings>().Groups["us"].InstanceType.ShouldBeNull();
    }

    [Fact]
    public void EcsExample_ServiceAndCapacityGroup_ReadPerSite()
    {
        var result = Parse("aws-ecs.yaml");

        result.Problems.ShouldBeEmpty();
        var plan = result.Plan.ShouldNotBeNull();
        var services = plan.Resource(ResourceKind.Compute).ShouldNotBeNull().Settings.ShouldBeOfType<AwsEcsSettings>().Services;
        services["us"].ShouldBe(new AwsEcsService("orders-us", "orders-api", "us-west-2") { CapacityGroup = "orders-ecs-us", InstanceType = "m5.large", TasksPerInstance = 2 });
        plan.Capacity["us"].Pilot.Type.ShouldBe(CapacityType.Spot);
        plan.Capacity["us"].Full.Type.ShouldBe(CapacityType.OnDemand);
        plan.SnsTargets.ShouldHaveSingleItem().Wants("drill.finished").ShouldBeTrue();
    }

    [Fact]
    public void EcsService_WithoutCapacityGroup_IsOneTaskPerInstanceAndNoType()
    {
        var plan = Parse("aws-ecs.yaml", ("capacity_group: orders-ecs-us, instance_type: m5.large, tasks_per_instance: 2 }", "}")).Plan.ShouldNotBeNull();

        var us = plan.Resource(ResourceKind.Compute).ShouldNotBeNull().Settings.ShouldBeOfType<AwsEcsSettings>().Services["us"];
        us.CapacityGroup.ShouldBeNull();
        us.InstanceType.ShouldBeNull();
        us.TasksPerInstance.ShouldBe(1);
    }

    [Fact]
    public void AuroraGlobal_Clusters_ReadPerSite()
    {
        var result = Parse("aurora");

        result.Problems.ShouldBeEmpty();
        var settings = result.Plan.ShouldNotBeNull().Resource(ResourceKind.Database).ShouldNotBeNull().Settings.ShouldBeOfType<AwsAuroraGlobalSettings>();
        settings.GlobalCluster.ShouldBe("shop-global");
        settings.Clusters["us"].ShouldBe(new AwsAuroraCluster("shop-us", "us-west-2") { InstanceClass = "db.r6g.large" });
    }

    [Theory]
    [InlineData("aws.yaml", "group: shop-web-eu, instance_type: t3.medium", "group: shop-web-eu, instance_type: t3", "aws.yaml:37:46: compute.config.eu.instance_type: 't3' is not a valid instance_type; expected an EC2 instance type such as t3.medium (family.size)")]
    [InlineData("aws.yaml", "instance: shop-db-us-replica, instance_class: db.r6g.large", "instance: shop-db-us-replica, instance_class: r6g.large", "aws.yaml:24:57: database.config.us.instance_class: 'r6g.large' is not a valid instance_class; expected a DB instance class such as db.r6g.large (db.family.size)")]
    [InlineData("aws-ecs.yaml", "cluster: orders-eu,", "cluster: orders/eu,", "aws-ecs.yaml:34:20: compute.config.eu.cluster: 'orders/eu' is not a valid cluster; expected 1-255 letters, digits, hyphens or underscores")]
    [InlineData("aws-ecs.yaml", "cluster: orders-us, service: orders-api, ", "cluster: orders-us, ", "aws-ecs.yaml:35:9: compute.config.us.service: is missing; expected 1-255 letters, digits, hyphens or underscores")]
    [InlineData("aws-ecs.yaml", "m5.large, tasks_per_instance: 2 }\n    us:", "m5.large, tasks_per_instance: 0 }\n    us:", "aws-ecs.yaml:34:128: compute.config.eu.tasks_per_instance: 0 is out of range; expected a whole number from 1 to 1000")]
    [InlineData("aws-ecs.yaml", "capacity_group: orders-ecs-eu", "capacity_group: \"a:b\"", "aws-ecs.yaml:34:68: compute.config.eu.capacity_group: 'a:b' is not a valid capacity_group; expected an Auto Scaling group name: 1-255 characters, no colon")]
    [InlineData("aws-ecs.yaml", "us: { cluster: orders-us,", "us: { region: eu-west-1, cluster: orders-eu,", "aws-ecs.yaml:35:9: compute.config.us: has the same service as site 'eu' (eu-west-1/orders-eu/orders-api); expected each site its own service")]
    [InlineData("aurora", "    global_cluster: shop-global\n", "", "aws.yaml:23:5: database.config.global_cluster: is missing; expected 1-63 letters, digits or hyphens, starting with a letter, no two hyphens in a row, not ending with one")]
    [InlineData("aurora", "global_cluster: shop-global", "global_cluster: shop--global", "aws.yaml:23:21: database.config.global_cluster: 'shop--global' is not a valid global_cluster; expected 1-63 letters, digits or hyphens, starting with a letter, no two hyphens in a row, not ending with one")]
    [InlineData("aurora", "cluster: shop-us,", "cluster: 1shop,", "aws.yaml:25:20: database.config.us.cluster: '1shop' is not a valid cluster; expected 1-63 letters, digits or hyphens, starting with a letter, no two hyphens in a row, not ending with one")]
    [InlineData("aurora", "cluster: shop-eu, instance_class: db.r6g.large", "cluster: shop-eu, instance_class: r6g", "aws.yaml:24:45: database.config.eu.instance_class: 'r6g' is not a valid instance_class; expected a DB instance class such as db.r6g.large (db.family.size)")]
    [InlineData("aurora", "cluster: shop-eu,", "instance: shop-eu,", "aws.yaml:24:11: database.config.eu.instance: unknown key; expected one of cluster, region, instance_class")]
    public void BadValue_ReportedInOneLine(string example, string find, string replace, string expected)
    {
        var problems = Problems(example, find, replace);

        problems.ShouldContain(expected);
    }

    [Fact]
    public void EcsScaleTimeout_DefaultTenMinutes_ReadWhenGiven_RefusedWhenNotPositive()
    {
        var config = "  provider: aws-ecs\n  config:\n";
        Parse("aws-ecs.yaml").Plan.ShouldNotBeNull().Resource(ResourceKind.Compute).ShouldNotBeNull().Settings.ShouldBeOfType<AwsEcsSettings>().ScaleTimeout.ShouldBe(TimeSpan.FromMinutes(10));
        var given = Parse("aws-ecs.yaml", (config, config + "    scale_timeout: 90s\n")).Plan.ShouldNotBeNull();
        given.Resource(ResourceKind.Compute).ShouldNotBeNull().Settings.ShouldBeOfType<AwsEcsSettings>().ScaleTimeout.ShouldBe(TimeSpan.FromSeconds(90));

        Problems("aws-ecs.yaml", config, config + "    scale_timeout: 0s\n").ShouldBe(["aws-ecs.yaml:34:20: compute.config.scale_timeout: '0s' is not positive; expected a duration greater than zero"]);
    }

    [Fact]
    public void EcsInstanceType_WithoutCapacityGroup_Reported()
    {
        var problems = Problems("aws-ecs.yaml", "capacity_group: orders-ecs-us, ", "");

        problems.ShouldBe(
        [
            "aws-ecs.yaml:35:67: compute.config.us.instance_type: describes the capacity group, and the block names none; expected capacity_group: the Auto Scaling group of the cluster's EC2 capacity",
            "aws-ecs.yaml:35:97: compute.config.us.tasks_per_instance: describes the capacity group, and the block names none; expected capacity_group: the Auto Scaling group of the cluster's EC2 capacity",
        ]);
    }
}
