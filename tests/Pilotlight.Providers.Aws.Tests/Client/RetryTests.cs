using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.AutoScaling;
using Pilotlight.Providers.Aws.Client.Rds;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>Throttling, 5xx and connection failures are retried a bounded number of times; other 4xx never are.</summary>
[Collection(SharedMoto.Name)]
public sealed class RetryTests(MotoServer moto) : IDisposable
{
    private static readonly AwsRetryPolicy Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Throttling_TwiceThenForwarded_RetriedAndSucceeds()
    {
        await using var proxy = new FaultProxy(moto.Url, n => n <= 2 ? FaultProxy.QueryError(400, "Throttling", "Rate exceeded") : null);
        using var client = moto.Client(proxy.Url, Fast);

        var groups = await new AutoScalingApi(client).DescribeGroupsAsync("us-west-2", ["none-such"], _timeout.Token);

        groups.ShouldBeEmpty();
        proxy.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task ServerError_ThenForwarded_Retried()
    {
        await using var proxy = new FaultProxy(moto.Url, n => n == 1 ? (503, "<html>Service Unavailable</html>", "text/html") : null);
        using var client = moto.Client(proxy.Url, Fast);

        (await new RdsApi(client).DescribeDbInstancesAsync("eu-west-1", null, _timeout.Token)).ShouldNotBeNull();

        proxy.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task ValidationError_NotRetried_OneLine()
    {
        await using var proxy = new FaultProxy(moto.Url, _ => FaultProxy.QueryError(400, "ValidationError", "1 validation error detected:\nMinSize must be >= 0"));
        using var client = moto.Client(proxy.Url, Fast);

        var error = await Should.ThrowAsync<AwsException>(() => new AutoScalingApi(client).UpdateGroupAsync("us-west-2", new GroupUpdate { Name = "web", MinSize = -1 }, _timeout.Token));

        proxy.Requests.ShouldBe(1);
        (error.Status, error.Code).ShouldBe((400, "ValidationError"));
        error.Message.ShouldBe("autoscaling UpdateAutoScalingGroup in us-west-2: ValidationError: 1 validation error detected: MinSize must be >= 0");
    }

    [Fact]
    public async Task ThrottlingForever_GivesUpAfterFourAttempts()
    {
        await using var proxy = new FaultProxy(moto.Url, _ => FaultProxy.QueryError(400, "RequestLimitExceeded", "Request limit exceeded."));
        using var client = moto.Client(proxy.Url, Fast);

        var error = await Should.ThrowAsync<AwsException>(() => new RdsApi(client).PromoteReadReplicaAsync("eu-west-1", "shop-db", _timeout.Token));

        proxy.Requests.ShouldBe(4);
        error.Message.ShouldBe("rds PromoteReadReplica in eu-west-1: RequestLimitExceeded: Request limit exceeded.");
    }

    [Fact]
    public async Task NothingListening_ConnectionFailedAfterFourAttempts_OneLineWithoutSecrets()
    {
        var port = AwsTestPorts.Next();
        using var client = moto.Client(new Uri($"http://127.0.0.1:{port}"), Fast);

        var error = await Should.ThrowAsync<AwsException>(() => new RdsApi(client).DescribeDbInstancesAsync("eu-west-1", "shop-db", _timeout.Token));

        error.Code.ShouldBe("ConnectionFailed");
        error.Message.ShouldStartWith($"rds DescribeDBInstances in eu-west-1: ConnectionFailed: 127.0.0.1:{port}: ");
        error.Message.ShouldNotContain("\n");
        error.Message.ShouldNotContain("Signature");
        error.Message.ShouldNotContain("testing");
    }

    [Fact]
    public async Task EmptyQueryAnswer_RetriedLikeACutConnection_ThenOneLine()
    {
        await using var once = new FaultProxy(moto.Url, n => n == 1 ? (200, "", "text/xml") : null);
        using (var client = moto.Client(once.Url, Fast))
        {
            (await new RdsApi(client).DescribeDbInstancesAsync("eu-west-1", null, _timeout.Token)).ShouldNotBeNull();
        }

        once.Requests.ShouldBe(2, "the empty answer was retried");

        await using var always = new FaultProxy(moto.Url, _ => (200, "", "text/xml"));
        using var failing = moto.Client(always.Url, Fast);
        var error = await Should.ThrowAsync<AwsException>(() => new AutoScalingApi(failing).DescribeGroupsAsync("us-west-2", ["web"], _timeout.Token));

        always.Requests.ShouldBe(4);
        error.Message.ShouldBe($"autoscaling DescribeAutoScalingGroups in us-west-2: EmptyResponse: 127.0.0.1:{always.Port} answered 200 with no body");
    }

    [Fact]
    public async Task RegionLost_ConnectionsReset_OneLineNamingTheRegion()
    {
        await using var gate = new FaultProxy(moto.Url, request => FaultProxy.SignedRegion(request) == "eu-west-1");
        using var client = moto.Client(gate.Url, Fast);

        var error = await Should.ThrowAsync<AwsException>(() => new RdsApi(client).DescribeDbInstancesAsync("eu-west-1", "shop-db", _timeout.Token));
        (await new RdsApi(client).DescribeDbInstancesAsync("us-west-2", null, _timeout.Token)).ShouldNotBeNull("another region still answers");

        gate.Dropped.ShouldBe(4);
        error.Message.ShouldStartWith("rds DescribeDBInstances in eu-west-1: ");
        error.Message.ShouldNotContain("\n");
    }
}
