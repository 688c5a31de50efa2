using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>The aws-rds provider of the seed plan against moto: roles, lag from ReplicaLag (unknown without it), promotion that stays.</summary>
[Collection(SharedMoto.Name)]
public sealed class AwsRdsDatabaseProviderTests(MotoServer moto) : SeedPlanTest(moto, TimeSpan.FromSeconds(30))
{
    private AwsRdsDatabaseProvider NewProvider() => AwsRuntime.Database(Seed.Settings<AwsRdsSettings>(ResourceKind.Database), Seed.Context, Client);

    [Fact]
    public async Task Status_ReplicaWithoutLagMetric_IsStandbyWithUnknownLag_NeverZero()
    {
        await Seed.ProvisionDatabaseAsync(Moto, Token);
        var database = NewProvider();

        var primary = await database.GetStatusAsync("eu", Token);
        var standby = await database.GetStatusAsync("us", Token);

        (primary.Role, primary.Problem).ShouldBe((DatabaseRole.Primary, null));
        standby.Role.ShouldBe(DatabaseRole.Standby);
        standby.Streaming.ShouldBeTrue();
        standby.LagTime.ShouldBeNull("no ReplicaLag datapoint: unknown, never 0 (safety invariant 3)");
        standby.LagBytes.ShouldBeNull();
    }

    [Fact]
    public async Task Status_ReplicaLagInjected_IsTheLagPlusTheAgeOfTheDatapoint()
    {
        await Seed.ProvisionDatabaseAsync(Moto, Token);
        await Moto.Boto3Async($$$"""
            import datetime
            t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=30)
            client("cloudwatch", "us-west-2").put_metric_data(Namespace="AWS/RDS", MetricData=[
                {"MetricName": "ReplicaLag", "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": "{{{Seed.ReplicaDb}}}"}], "Value": 42.0, "Unit": "Seconds", "Timestamp": t}])
            """, Token);

        var standby = await NewProvider().GetStatusAsync("us", Token);

        standby.Role.ShouldBe(DatabaseRole.Standby);
        var lag = standby.LagTime.ShouldNotBeNull();
        lag.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(42 + 29), "the datapoint's 42 s plus its age: the last proof is never dated later than it holds");
        lag.ShouldBeLessThan(TimeSpan.FromSeconds(42 + 120));
    }

    [Fact]
    public async Task Promote_Replica_ReadsPrimaryAndStaysPrimaryOnAFreshProvider()
    {
        await Seed.ProvisionDatabaseAsync(Moto, Token);
        var database = (IDatabaseProvider)Seed.CreateThroughRegistry(ResourceKind.Database);
        database.ShouldBeOfType<AwsRdsDatabaseProvider>("the registry's factory builds the runtime provider");
        var provider = NewProvider();

        await provider.PromoteAsync("us", Token);

        (await provider.GetRoleAsync("us", Token)).ShouldBe(DatabaseRole.Primary);
        var source = await Moto.Boto3Async($"""print(client("rds", "us-west-2").describe_db_instances(DBInstanceIdentifier="{Seed.ReplicaDb}")["DBInstances"][0].get("ReadReplicaSourceDBInstanceIdentifier"))""", Token);
        source.Trim().ShouldEndWith($":db:{Seed.PrimaryDb}", Case.Sensitive, "moto 5.2.1 keeps the replica source after promotion: only the state file says primary");
        var fresh = NewProvider();
        (await fresh.GetStatusAsync("us", Token)).Role.ShouldBe(DatabaseRole.Primary, "the promotion is recorded in the plan's state directory");
        await fresh.PromoteAsync("us", Token);
        File.Exists(Path.Combine(Seed.StateDirectory, "aws-rds", "promotions.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task Status_MissingInstance_IsUnreachableWithTheAwsCodeInOneLine()
    {
        var settings = Seed.Settings<AwsRdsSettings>(ResourceKind.Database);
        var database = AwsRuntime.Database(new AwsRdsSettings(settings.Instances.SetItem("eu", new AwsRdsInstance($"nope-{Seed.Id}", "eu-west-1") { FenceSecurityGroup = "sg-0fe0ce0000000000e" })), Seed.Context, Client);

        var status = await database.GetStatusAsync("eu", Token);

        status.Role.ShouldBe(DatabaseRole.Unreachable);
        var problem = status.Problem.ShouldNotBeNull();
        problem.ShouldContain("DBInstanceNotFound");
        problem.ShouldStartWith($"aws-rds instance nope-{Seed.Id}: rds DescribeDBInstances in eu-west-1: ");
        problem.ShouldNotContain('\n');
        (await database.GetRoleAsync("eu", Token)).ShouldBe(DatabaseRole.Unreachable);
        (await database.IsFencedAsync("eu", Token)).ShouldBeFalse("cannot be told");
        var fence = await Should.ThrowAsync<InvalidOperationException>(() => database.FenceAsync("eu", Token));
        fence.Message.ShouldStartWith($"aws-rds instance nope-{Seed.Id}: rds DescribeDBInstances in eu-west-1: ");
        (await ((IDatabaseSwitchover)database).CheckOperableAsync("eu", Token)).ShouldHaveSingleItem().ShouldContain("DBInstanceNotFound");
    }
}
