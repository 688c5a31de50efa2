using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Runtime;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// The aws-aurora-global provider against its own moto: roles from the global cluster's members, lag from
/// AuroraGlobalDBReplicationLag (unknown without it), and promotion as far as moto 5.2.1 goes: FailoverGlobalCluster
/// answers 500 (NotImplementedError) and RemoveFromGlobalCluster answers 200 and changes nothing.
/// </summary>
public sealed class AwsAuroraGlobalDatabaseProviderTests(AuroraMoto fixture) : IClassFixture<AuroraMoto>, IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly AwsClient _client = fixture.Server.Client();
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _client.Dispose();
        _timeout.Dispose();
    }

    private AwsAuroraGlobalDatabaseProvider NewProvider(AuroraPlan plan) => AwsRuntime.AuroraGlobal(plan.Settings, plan.Context, _client);

    [Fact]
    public void Plan_Promotion_DefaultsToFailover_DetachOnRequest_AndTheRegistryBuildsTheProvider()
    {
        using var plain = AuroraPlan.Read(_id);
        using var detach = AuroraPlan.Read(_id, "detach");

        plain.Settings.Promotion.ShouldBe(AuroraPromotion.Failover);
        detach.Settings.Promotion.ShouldBe(AuroraPromotion.Detach);
        detach.Settings.GlobalCluster.ShouldBe($"global-{_id}");
        plain.CreateThroughRegistry().ShouldBeOfType<AwsAuroraGlobalDatabaseProvider>("the registry's factory builds the runtime provider");
        var bad = AuroraPlan.Parse(_id, "switchover");
        bad.Plan.ShouldBeNull();
        bad.Problems.ShouldHaveSingleItem().ToString().ShouldBe("aws.yaml:24:16: database.config.promotion: 'switchover' is not allowed; expected failover or detach");
    }

    [Fact]
    public async Task Status_WriterIsPrimary_SecondaryIsStandbyWithUnknownLag_NeverZero()
    {
        using var plan = AuroraPlan.Read(_id);
        await plan.ProvisionAsync(fixture.Server, Token);
        var database = NewProvider(plan);

        var primary = await database.GetStatusAsync("eu", Token);
        var standby = await database.GetStatusAsync("us", Token);

        (primary.Role, primary.Problem).ShouldBe((DatabaseRole.Primary, null));
        (standby.Role, standby.Problem).ShouldBe((DatabaseRole.Standby, null));
        standby.Streaming.ShouldBeTrue();
        standby.LagTime.ShouldBeNull("no AuroraGlobalDBReplicationLag datapoint: unknown, never 0 (safety invariant 3)");
        (await database.GetRoleAsync("us", Token)).ShouldBe(DatabaseRole.Standby);
    }

    [Fact]
    public async Task Status_LagInjected_IsTheMillisecondsPlusTheAgeOfTheDatapoint()
    {
        using var plan = AuroraPlan.Read(_id);
        await plan.ProvisionAsync(fixture.Server, Token);
        await fixture.Server.Boto3Async($$$"""
            import datetime
            t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=30)
            client("cloudwatch", "us-west-2").put_metric_data(Namespace="AWS/RDS", MetricData=[{"MetricName": "AuroraGlobalDBReplicationLag",
                "Dimensions": [{"Name": "DBClusterIdentifier", "Value": "{{{AuroraPlan.Cluster(_id, "us")}}}"}], "Value": 1500.0, "Unit": "Milliseconds", "Timestamp": t}])
            """, Token);

        var standby = await NewProvider(plan).GetStatusAsync("us", Token);

        standby.Role.ShouldBe(DatabaseRole.Standby);
        var lag = standby.LagTime.ShouldNotBeNull();
        lag.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5 + 29), "1500 ms (not seconds) plus the datapoint's age");
        lag.ShouldBeLessThan(TimeSpan.FromSeconds(1.5 + 120));
    }

    [Fact]
    public async Task Promote_Failover_MotoAnswers500_OneLineNamingTheClusterAndTheCode_NothingChanged()
    {
        using var plan = AuroraPlan.Read(_id);
        await plan.ProvisionAsync(fixture.Server, Token);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => NewProvider(plan).PromoteAsync("us", Token));

        error.Message.ShouldBe($"aws-aurora-global failover of cluster {AuroraPlan.Cluster(_id, "us")} (global cluster {plan.Global}): rds FailoverGlobalCluster in us-west-2: HTTP500: 500 Internal Server Error",
            "moto 5.2.1 raises NotImplementedError for failover-global-cluster: Flask's HTML 500 page, no AWS error code");
        error.Message.ShouldNotContain('\n');
        (await plan.MembersAsync(fixture.Server, Token)).ShouldContain($":cluster:{AuroraPlan.Cluster(_id, "us")} reader");
    }

    [Fact]
    public async Task Promote_Writer_ReturnsAtOnce_SendingNoFailover()
    {
        using var plan = AuroraPlan.Read(_id);
        await plan.ProvisionAsync(fixture.Server, Token);
        var database = NewProvider(plan);

        // A FailoverGlobalCluster would fail here (moto answers 500): returning at all proves none was sent.
        await database.PromoteAsync("eu", Token);

        (await database.GetRoleAsync("eu", Token)).ShouldBe(DatabaseRole.Primary);
    }

    [Fact]
    public async Task Promote_Detach_SendsRemoveFromGlobalCluster_MotoChangesNothing_TheWaitEndsWithTheStepsToken()
    {
        using var plan = AuroraPlan.Read(_id, "detach");
        await plan.ProvisionAsync(fixture.Server, Token);
        var us = AuroraPlan.Cluster(_id, "us");
        using var http = new HttpClient { BaseAddress = fixture.Server.Url };
        (await http.PostAsync(new Uri("/moto-api/recorder/reset-recording", UriKind.Relative), null, Token)).EnsureSuccessStatusCode();
        (await http.PostAsync(new Uri("/moto-api/recorder/start-recording", UriKind.Relative), null, Token)).EnsureSuccessStatusCode();
        using var step = CancellationTokenSource.CreateLinkedTokenSource(Token);
        step.CancelAfter(TimeSpan.FromSeconds(5));

        await Should.ThrowAsync<OperationCanceledException>(() => NewProvider(plan).PromoteAsync("us", step.Token));

        var recording = await http.GetStringAsync(new Uri("/moto-api/recorder/download-recording", UriKind.Relative), Token);
        (await http.PostAsync(new Uri("/moto-api/recorder/stop-recording", UriKind.Relative), null, Token)).EnsureSuccessStatusCode();
        var bodies = recording.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("body").GetString() ?? "")
            .Select(body => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body))).ToList();
        bodies.Count(b => b.StartsWith("Action=RemoveFromGlobalCluster&", StringComparison.Ordinal)).ShouldBe(1, "detached once, then only waited");
        bodies.ShouldContain($"Action=RemoveFromGlobalCluster&Version=2014-10-31&GlobalClusterIdentifier={plan.Global}&DbClusterIdentifier=arn%3Aaws%3Ards%3Aus-west-2%3A123456789012%3Acluster%3A{us}");
        bodies.ShouldNotContain(b => b.StartsWith("Action=FailoverGlobalCluster&", StringComparison.Ordinal));
        (await plan.MembersAsync(fixture.Server, Token)).ShouldContain($":cluster:{us} reader", Case.Sensitive, "moto 5.2.1 answers 200 and keeps the member: the wait never ends");
    }

    [Fact]
    public async Task MissingCluster_IsUnreachableWithTheAwsCodeInOneLine_FenceNotApplied_StoppedIsFenced()
    {
        using var plan = AuroraPlan.Read(_id);
        await plan.ProvisionAsync(fixture.Server, Token);
        var database = AwsRuntime.AuroraGlobal(plan.Settings with { Clusters = plan.Settings.Clusters.SetItem("eu", new AwsAuroraCluster($"nope-{_id}", "eu-west-1")) }, plan.Context, _client);

        var status = await database.GetStatusAsync("eu", Token);

        status.Role.ShouldBe(DatabaseRole.Unreachable);
        status.Problem.ShouldBe($"aws-aurora-global cluster nope-{_id}: rds DescribeDBClusters in eu-west-1: DBClusterNotFoundFault: DBCluster nope-{_id} not found.");
        (await database.GetRoleAsync("eu", Token)).ShouldBe(DatabaseRole.Unreachable);
        (await database.IsFencedAsync("eu", Token)).ShouldBeFalse("cannot be told");
        var fence = await Should.ThrowAsync<InvalidOperationException>(() => database.FenceAsync("us", Token));
        fence.Message.ShouldBe($"aws-aurora-global cannot fence cluster {AuroraPlan.Cluster(_id, "us")} in us-west-2: Aurora offers no write fence across a lost region (not applied; the traffic fence holds)");
        (await database.IsFencedAsync("us", Token)).ShouldBeFalse("an available cluster takes writes");
        await fixture.Server.Boto3Async($"""client("rds", "us-west-2").stop_db_cluster(DBClusterIdentifier="{AuroraPlan.Cluster(_id, "us")}")""", Token);
        (await database.IsFencedAsync("us", Token)).ShouldBeTrue("a stopped cluster takes no write");
    }
}
