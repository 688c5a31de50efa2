using System.Globalization;
using System.Text.Json;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// The aws-rds fence and failback against a moto of their own: the fence group in place of the instance's groups and a
/// reboot; a failover and its failback in runbook order, with moto's instances read back after each call.
/// </summary>
public sealed class AwsRdsFailbackTests(MotoServer moto) : SeedPlanTest(moto, TimeSpan.FromSeconds(120)), IClassFixture<MotoServer>
{
    private const string FenceGroup = "sg-0fe0ce0000000000e";

    private AwsRdsDatabaseProvider NewProvider() => AwsRuntime.Database(Seed.Settings<AwsRdsSettings>(ResourceKind.Database), Seed.Context, Client);

    /// <summary>Every instance of a region as moto has it: identifier → (replica source, security groups).</summary>
    private async Task<Dictionary<string, (string? Source, string[] Groups)>> InstancesAsync(string region)
    {
        var json = await Moto.Boto3Async($$"""
            out = {i["DBInstanceIdentifier"]: [i.get("ReadReplicaSourceDBInstanceIdentifier"), [g["VpcSecurityGroupId"] for g in i.get("VpcSecurityGroups", [])]]
                   for i in client("rds", "{{region}}").describe_db_instances()["DBInstances"]}
            print(json.dumps(out))
            """, Token);
        return JsonSerializer.Deserialize<Dictionary<string, JsonElement[]>>(json)!
            .Where(i => i.Key.StartsWith(Seed.PrimaryDb, StringComparison.Ordinal))
            .ToDictionary(i => i.Key, i => (i.Value[0].GetString(), i.Value[1].EnumerateArray().Select(g => g.GetString()!).ToArray()));
    }

    private Task<string> PutReplicaLagAsync(string region, string instance, DateTimeOffset at, double seconds) => Moto.Boto3Async($$"""
        import datetime
        client("cloudwatch", "{{region}}").put_metric_data(Namespace="AWS/RDS", MetricData=[{"MetricName": "ReplicaLag",
            "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": "{{instance}}"}], "Value": {{seconds.ToString(CultureInfo.InvariantCulture)}}, "Unit": "Seconds",
            "Timestamp": datetime.datetime.fromisoformat("{{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}}")}])
        """, Token);

    [Fact]
    public async Task Fence_ReplacesTheGroupsAndReboots_IsFenced_AndTheRebuiltReplicaGetsTheGroupsBack()
    {
        await Seed.ProvisionDatabaseAsync(Moto, Token);
        var database = NewProvider();
        var own = (await InstancesAsync("eu-west-1"))[Seed.PrimaryDb].Groups;
        own.ShouldNotBeEmpty();
        (await database.IsFencedAsync("eu", Token)).ShouldBeFalse();

        await database.FenceAsync("eu", Token);

        (await InstancesAsync("eu-west-1"))[Seed.PrimaryDb].Groups.ShouldBe([FenceGroup]);
        (await database.IsFencedAsync("eu", Token)).ShouldBeTrue();
        (await NewProvider().IsFencedAsync("eu", Token)).ShouldBeTrue("the reboot is recorded in the state directory");
        var fences = await File.ReadAllTextAsync(Path.Combine(Seed.StateDirectory, "aws-rds", "fences.json"), Token);
        fences.ShouldContain(own[0], Case.Sensitive, "the groups the instance had are saved for the failback");
        await database.FenceAsync("eu", Token);
        (await database.IsFencedAsync("eu", Token)).ShouldBeTrue("a second fence changes nothing");

        await database.PromoteAsync("us", Token);
        var rebuilt = await database.RebuildAsStandbyAsync("eu", "us", Token);

        var eu = await InstancesAsync("eu-west-1");
        eu[Seed.PrimaryDb].Groups.ShouldBe(own, "the new replica under the plan's name has the groups from before the fence");
        eu.Single(i => i.Key.StartsWith($"{Seed.PrimaryDb}-retired-", StringComparison.Ordinal)).Value.Groups.ShouldBe([FenceGroup], "the old primary stays fenced");
        (await database.IsFencedAsync("eu", Token)).ShouldBeFalse();
        rebuilt.Method.ShouldBe(StandbyRebuild.BaseBackup);
    }

    [Fact]
    public async Task FailoverThenFailback_InRunbookOrder_RenamesNeverDeletes_AndTheRolesSwapTwice()
    {
        await Seed.ProvisionDatabaseAsync(Moto, Token);
        var database = NewProvider();
        var euArn = $"arn:aws:rds:eu-west-1:123456789012:db:{Seed.PrimaryDb}";
        var usArn = $"arn:aws:rds:us-west-2:123456789012:db:{Seed.ReplicaDb}";

        // The failover: the old primary fenced (best effort), the replica promoted.
        await database.FenceAsync("eu", Token);
        await database.PromoteAsync("us", Token);
        (await database.GetRoleAsync("us", Token)).ShouldBe(DatabaseRole.Primary);

        // The failback us -> eu.
        (await database.CheckOperableAsync("eu", Token)).ShouldBeEmpty();
        var sql = Path.Combine(Seed.StateDirectory, "divergence.sql");
        var divergence = await database.CaptureDivergenceAsync("eu", "us", sql, Token);
        divergence.IsEmpty.ShouldBeFalse("the RDS API cannot read the diverged writes: never a report that looks clean");
        divergence.Uncaptured.ShouldHaveSingleItem().ShouldContain($"instance {Seed.PrimaryDb} (eu-west-1)");
        (await File.ReadAllTextAsync(sql, Token)).ShouldStartWith("-- pilotlight failback");

        var rebuilt = await database.RebuildAsStandbyAsync("eu", "us", Token);

        var eu = await InstancesAsync("eu-west-1");
        eu[Seed.PrimaryDb].Source.ShouldBe(usArn);
        var retiredEu = eu.Keys.Single(k => k.StartsWith($"{Seed.PrimaryDb}-retired-", StringComparison.Ordinal));
        rebuilt.Detail.ShouldContain($"kept as {retiredEu}: delete it once you no longer need it");
        (await database.IsStandbyOfAsync("eu", "us", Token)).ShouldBeTrue();
        (await database.IsReplicationConfiguredAsync("us", "eu", Token)).ShouldBeTrue();
        await database.ConfigureReplicationAsync("us", "eu", Token);
        (await database.GetRoleAsync("eu", Token)).ShouldBe(DatabaseRole.Standby);
        (await database.RebuildAsStandbyAsync("eu", "us", Token)).Detail.ShouldContain(retiredEu, Case.Sensitive, "a rerun changes nothing");
        (await InstancesAsync("eu-west-1")).Count.ShouldBe(2);

        var token = await database.DemoteAsync("us", Token);
        (await database.IsFencedAsync("us", Token)).ShouldBeTrue();
        (await database.DemoteAsync("us", Token)).ShouldBe(token, "a fenced instance returns its token again");
        var fencedAt = DateTimeOffset.Parse(token, CultureInfo.InvariantCulture);
        (await database.HasReplayedAsync("eu", token, Token)).ShouldBeFalse("no ReplicaLag datapoint: never replayed");
        await PutReplicaLagAsync("eu-west-1", Seed.PrimaryDb, fencedAt.AddSeconds(-30), 0);
        (await database.HasReplayedAsync("eu", token, Token)).ShouldBeFalse("a lag of 0 before the fence proves nothing of the writes after it");
        await PutReplicaLagAsync("eu-west-1", Seed.PrimaryDb, fencedAt.AddSeconds(1), 0);
        (await database.HasReplayedAsync("eu", token, Token)).ShouldBeTrue();

        await database.PromoteAsync("eu", Token);
        (await database.GetRoleAsync("eu", Token)).ShouldBe(DatabaseRole.Primary);
        await database.RebuildAsStandbyAsync("us", "eu", Token);

        var us = await InstancesAsync("us-west-2");
        us[Seed.ReplicaDb].Source.ShouldBe(euArn, "the same source the promotion recorded: only the forgotten promotion makes it a standby");
        us.Keys.Count(k => k.StartsWith($"{Seed.ReplicaDb}-retired-", StringComparison.Ordinal)).ShouldBe(1);
        (await database.GetRoleAsync("us", Token)).ShouldBe(DatabaseRole.Standby);
        (await NewProvider().IsStandbyOfAsync("us", "eu", Token)).ShouldBeTrue();
        (await database.IsFencedAsync("us", Token)).ShouldBeFalse("the new replica is not the fenced instance");
        (await InstancesAsync("eu-west-1")).Keys.ShouldBe([Seed.PrimaryDb, retiredEu], ignoreOrder: true);
    }

    [Fact]
    public async Task Rebuild_AfterACrashBetweenRenameAndCreate_CreatesTheReplicaAndNamesTheRetiredInstance()
    {
        await Seed.ProvisionDatabaseAsync(Moto, Token);
        var database = NewProvider();
        await database.PromoteAsync("us", Token);
        var retired = $"{Seed.PrimaryDb}-retired-20261201110000";
        await Moto.Boto3Async($"""client("rds", "eu-west-1").modify_db_instance(DBInstanceIdentifier="{Seed.PrimaryDb}", NewDBInstanceIdentifier="{retired}", ApplyImmediately=True)""", Token);

        var rebuilt = await database.RebuildAsStandbyAsync("eu", "us", Token);

        rebuilt.Detail.ShouldContain($"kept as {retired}:");
        (await InstancesAsync("eu-west-1")).Keys.ShouldBe([Seed.PrimaryDb, retired], ignoreOrder: true);
        (await database.IsStandbyOfAsync("eu", "us", Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task Fence_NoFenceGroupInThePlan_OneLineNamingTheKey_AndCheckOperableSaysSo()
    {
        await Seed.ProvisionDatabaseAsync(Moto, Token);
        var settings = Seed.Settings<AwsRdsSettings>(ResourceKind.Database);
        var database = AwsRuntime.Database(new AwsRdsSettings(settings.Instances.SetItem("eu", settings.Instances["eu"] with { FenceSecurityGroup = null })), Seed.Context, Client);

        var e = await Should.ThrowAsync<InvalidOperationException>(() => database.FenceAsync("eu", Token));

        e.Message.ShouldStartWith($"aws-rds cannot fence instance {Seed.PrimaryDb} in eu-west-1: the plan names no fence_security_group for site eu");
        e.Message.ShouldNotContain('\n');
        (await Should.ThrowAsync<InvalidOperationException>(() => database.DemoteAsync("eu", Token))).Message.ShouldContain("database.config.eu.fence_security_group");
        (await database.CheckOperableAsync("eu", Token)).ShouldHaveSingleItem().ShouldContain("no fence_security_group");
        (await database.CheckOperableAsync("us", Token)).ShouldBeEmpty();
        (await InstancesAsync("eu-west-1"))[Seed.PrimaryDb].Groups.ShouldNotContain(FenceGroup);
    }
}
