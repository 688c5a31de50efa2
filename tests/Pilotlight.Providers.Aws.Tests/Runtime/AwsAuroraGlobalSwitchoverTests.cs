using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Runtime;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// aws-aurora-global's planned switchover and failback (IDatabaseSwitchover) in the runbook's order. moto 5.2.1 keeps
/// the clusters; SwitchoverGlobalCluster's effect, which moto lacks, is stood in for by <see cref="AuroraSwitchoverEmulator"/>
/// in front of it (the request itself is checked against botocore in the parity tests).
/// </summary>
public sealed class AwsAuroraGlobalSwitchoverTests(AuroraMoto fixture) : IClassFixture<AuroraMoto>, IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];

    private CancellationToken Token => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    private static string Arn(string region, string cluster) => $"arn:aws:rds:{region}:123456789012:cluster:{cluster}";

    private async Task<World> WorldAsync()
    {
        var plan = AuroraPlan.Read(_id);
        await plan.ProvisionAsync(fixture.Server, Token);
        var aws = new AuroraSwitchoverEmulator(fixture.Server.Url, plan.Global);
        var client = fixture.Server.Client(aws.Url);
        return new World(plan, aws, client, AwsRuntime.AuroraGlobal(plan.Settings, plan.Context, client));
    }

    /// <summary>The plan provisioned into moto, the emulator in front of it, and the provider reaching moto through it.</summary>
    private sealed record World(AuroraPlan Plan, AuroraSwitchoverEmulator Aws, AwsClient Client, AwsAuroraGlobalDatabaseProvider Database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Aws.DisposeAsync();
            Plan.Dispose();
        }
    }

    [Fact]
    public async Task SwitchoverBothWays_InRunbookOrder_OneSwitchoverEach_WaitedForUntilDone_TheOldWriterASecondary()
    {
        await using var world = await WorldAsync();
        var (plan, aws, database) = (world.Plan, world.Aws, world.Database);
        var eu = AuroraPlan.Cluster(_id, "eu");
        var us = AuroraPlan.Cluster(_id, "us");

        (await database.CheckOperableAsync("eu", Token)).ShouldBeEmpty();
        (await database.CheckOperableAsync("us", Token)).ShouldBeEmpty();
        (await database.IsStandbyOfAsync("us", "eu", Token)).ShouldBeTrue();

        var token = await database.DemoteAsync("eu", Token);

        token.ShouldStartWith($"aurora switchover to {us} at ");
        aws.Switchovers.ShouldBe([$"Action=SwitchoverGlobalCluster&Version=2014-10-31&GlobalClusterIdentifier={plan.Global}&TargetDbClusterIdentifier={Uri.EscapeDataString(Arn("us-west-2", us))}"]);
        (await plan.MembersAsync(fixture.Server, Token)).ShouldContain($":cluster:{us} reader", Case.Sensitive, "moto itself never moved the writer: the emulator's answers did");
        (await database.GetRoleAsync("us", Token)).ShouldBe(DatabaseRole.Primary, "the demotion returned only once the switchover was done");
        (await database.GetRoleAsync("eu", Token)).ShouldBe(DatabaseRole.Standby);
        (await database.HasReplayedAsync("us", token, Token)).ShouldBeTrue("Aurora's switchover ends with the target holding every write");
        (await database.DemoteAsync("eu", Token)).ShouldStartWith($"aurora switchover to {us} at ");
        aws.Switchovers.Count.ShouldBe(1, "a demotion already done is not sent again");

        // promote-target: a writer returns at once (a FailoverGlobalCluster would reach moto and fail with its 500).
        await database.PromoteAsync("us", Token);
        var attached = await database.RebuildAsStandbyAsync("eu", "us", Token);
        attached.ShouldBe(new StandbyRebuild(StandbyRebuild.Attached, $"cluster {eu} is a secondary of {us} in global cluster {plan.Global}"));
        (await database.IsStandbyOfAsync("eu", "us", Token)).ShouldBeTrue();
        (await database.IsStandbyOfAsync("us", "eu", Token)).ShouldBeFalse("us is the writer now");
        await database.ConfigureReplicationAsync("us", "eu", Token);
        (await database.IsReplicationConfiguredAsync("us", "eu", Token)).ShouldBeTrue();

        var back = await database.DemoteAsync("us", Token);

        back.ShouldStartWith($"aurora switchover to {eu} at ");
        aws.Switchovers.Count.ShouldBe(2);
        aws.Switchovers[1].ShouldEndWith($"&TargetDbClusterIdentifier={Uri.EscapeDataString(Arn("eu-west-1", eu))}");
        (await database.GetRoleAsync("eu", Token)).ShouldBe(DatabaseRole.Primary);
        (await database.IsStandbyOfAsync("us", "eu", Token)).ShouldBeTrue("back in the plan's shape");
        Should.Throw<ArgumentException>(() => database.HasReplayedAsync("us", back, Token)).Message.ShouldStartWith($"aws-aurora-global: '{back}' is not a demotion token of a switchover to cluster {us}");
    }

    [Fact]
    public async Task Rebuild_AnOldPrimaryStillBeingRejoined_IsWaitedFor_ThenAttached()
    {
        await using var world = await WorldAsync();
        var (plan, aws, database) = (world.Plan, world.Aws, world.Database);
        var eu = AuroraPlan.Cluster(_id, "eu");
        var us = AuroraPlan.Cluster(_id, "us");

        // After an unplanned failover to us: Aurora still reports the failover under way, then us the writer and eu a secondary.
        aws.MoveWriter(Arn("us-west-2", us), answers: 3);
        (await database.IsStandbyOfAsync("eu", "us", Token)).ShouldBeFalse("a failover under way is not a settled secondary");

        var rebuilt = await database.RebuildAsStandbyAsync("eu", "us", Token);

        rebuilt.ShouldBe(new StandbyRebuild(StandbyRebuild.Attached, $"cluster {eu} rejoined global cluster {plan.Global} as a secondary of {us} (Aurora rejoins an old primary itself)"));
        aws.Switchovers.ShouldBeEmpty("a rebuild sends nothing: it waits");
        (await database.IsStandbyOfAsync("eu", "us", Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task Detached_CheckOperableSaysSo_DemoteAndRebuildRefusedInOneLine_NothingSent()
    {
        await using var world = await WorldAsync();
        var (plan, aws, database) = (world.Plan, world.Aws, world.Database);
        var us = AuroraPlan.Cluster(_id, "us");
        aws.Detached.Add(Arn("us-west-2", us));
        var detached = $"aws-aurora-global cluster {us} in us-west-2 is not a member of global cluster {plan.Global} (detached): the API cannot make a detached cluster a member again; rebuild the global database by hand around its writer (a new secondary cluster with CreateDBCluster and GlobalClusterIdentifier, or CreateGlobalCluster from a standalone writer) and name the clusters in the plan";

        (await database.CheckOperableAsync("us", Token)).ShouldBe([detached]);
        (await database.CheckOperableAsync("eu", Token)).ShouldBeEmpty();
        (await Should.ThrowAsync<InvalidOperationException>(() => database.DemoteAsync("eu", Token))).Message.ShouldBe(detached);
        (await Should.ThrowAsync<InvalidOperationException>(() => database.RebuildAsStandbyAsync("us", "eu", Token))).Message.ShouldBe(detached);
        aws.Switchovers.ShouldBeEmpty();
        (await database.GetRoleAsync("us", Token)).ShouldBe(DatabaseRole.Primary, "a detached cluster is standalone and writable");
    }

    [Fact]
    public async Task Switchover_MotoAnswers500_OneLineNamingTheClusterAndTheCode_NothingChanged()
    {
        using var plan = AuroraPlan.Read(_id);
        await plan.ProvisionAsync(fixture.Server, Token);
        using var client = fixture.Server.Client();
        var database = AwsRuntime.AuroraGlobal(plan.Settings, plan.Context, client);
        var us = AuroraPlan.Cluster(_id, "us");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => database.DemoteAsync("eu", Token));

        error.Message.ShouldBe($"aws-aurora-global switchover of cluster {us} (global cluster {plan.Global}): rds SwitchoverGlobalCluster in us-west-2: HTTP500: 500 Internal Server Error",
            "moto 5.2.1 raises NotImplementedError for switchover-global-cluster");
        (await plan.MembersAsync(fixture.Server, Token)).ShouldContain($":cluster:{us} reader");
    }

    [Fact]
    public async Task Divergence_NotCaptured_SaidInTheFileAndTheReport_TablesNotCompared()
    {
        using var plan = AuroraPlan.Read(_id);
        using var client = fixture.Server.Client();
        var database = AwsRuntime.AuroraGlobal(plan.Settings, plan.Context, client);
        var path = Path.Combine(plan.StateDirectory, "executions", "divergence-x.sql");

        var report = await database.CaptureDivergenceAsync("eu", "us", path, Token);

        report.IsEmpty.ShouldBeFalse("never an empty report that looks clean");
        report.Uncaptured.ShouldHaveSingleItem().ShouldStartWith($"aws-aurora-global: the writes cluster {AuroraPlan.Cluster(_id, "eu")} (eu-west-1) took after the failover to site us are not captured");
        (await File.ReadAllTextAsync(path, Token)).ShouldContain("-- NOT CAPTURED. aws-aurora-global:");
        ((IDatabaseSwitchover)database).CannotCompare.ShouldNotBeNull();
        database.TimeoutFor(ProviderOperation.Demotion).ShouldBe(TimeSpan.FromMinutes(30));
        database.TimeoutFor(ProviderOperation.StandbyRebuild).ShouldBe(TimeSpan.FromHours(3));
    }
}
