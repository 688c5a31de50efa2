using System.Diagnostics;
using System.Text.Json;
using Pilotlight.Core.Notifications;
using Pilotlight.Engine.Notifications;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>Seed 004's <c>notifications.sns</c> topic as a notification target: published through the engine's notifier into moto, read back from a subscribed SQS queue.</summary>
[Collection(SharedMoto.Name)]
public sealed class SnsNotificationTargetTests(MotoServer moto) : IDisposable
{
    private static readonly NotifierOptions Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), Jitter = () => 0 };
    private static readonly AwsRetryPolicy OneAttempt = new() { MaxAttempts = 1 };

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly EcsSeedPlan _seed = EcsSeedPlan.Read(Guid.NewGuid().ToString("N")[..8]);
    private readonly List<AwsClient> _clients = [];

    private CancellationToken Token => _timeout.Token;

    private string LogPath => Path.Combine(_seed.StateDirectory, "notifications.jsonl");

    public void Dispose()
    {
        _clients.ForEach(c => c.Dispose());
        _seed.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Publish_SubscribedEvent_ReachesTheTopicsQueueAsTheWebhookJson_OthersAreNotSent()
    {
        var queue = await _seed.ProvisionTopicAsync(moto, Token);
        var registered = Cli.PlanProviders.Registry.NotificationTargets(_seed.Context).ShouldHaveSingleItem("the CLI's registry builds the plan's topic");
        (registered.GetType(), registered.Name, registered.Address).ShouldBe((typeof(SnsNotificationTarget), "dr-events", _seed.TopicArn));
        var notifier = Notifier(moto.Url);

        notifier.Publish(new Notification(NotificationEvents.DrillStarted, "orders", DateTimeOffset.UtcNow, "drill monthly started: eu -> us") { Site = "us", Execution = "d-1" });
        notifier.Publish(new Notification(NotificationEvents.ReadinessLost, "orders", DateTimeOffset.UtcNow, "not subscribed by the topic"));
        (await notifier.FlushAsync(TimeSpan.FromSeconds(30))).Drained.ShouldBeTrue();

        var record = notifier.Log.Read().ShouldHaveSingleItem();
        (record.Event, record.Webhook, record.Url, record.Status, record.Attempt).ShouldBe((NotificationEvents.DrillStarted, "dr-events", _seed.TopicArn, DeliveryRecord.Delivered, 1));
        var received = await EcsSeedPlan.ReceiveAsync(moto, queue, Token);
        using var messages = JsonDocument.Parse(received);
        var envelope = messages.RootElement.EnumerateArray().ShouldHaveSingleItem();
        envelope.GetProperty("Subject").GetString().ShouldBe("[orders] drill.started: drill monthly started: eu -> us");
        using var body = JsonDocument.Parse(envelope.GetProperty("Message").GetString()!);
        body.RootElement.GetProperty("event").GetString().ShouldBe("drill.started");
        body.RootElement.GetProperty("message").GetString().ShouldBe("drill monthly started: eu -> us");
        (body.RootElement.GetProperty("site").GetString(), body.RootElement.GetProperty("execution").GetString()).ShouldBe(("us", "d-1"));
    }

    [Fact]
    public async Task Publish_SnsDown_ReturnsAtOnce_RetriesWithBackoff_ThenFailsInTheLog()
    {
        var nobody = AwsTestPorts.Next();
        var notifier = Notifier(new Uri($"http://127.0.0.1:{nobody}"));
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 20; i++)
        {
            notifier.Publish(new Notification(NotificationEvents.SiteDown, "orders", DateTimeOffset.UtcNow, $"site eu is down ({i})") { Site = "eu" });
        }

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1), "publishing never waits on SNS");
        var flush = await notifier.FlushAsync(TimeSpan.FromSeconds(30));
        (flush.Drained, flush.Failed).ShouldBe((true, 20));
        var first = notifier.Log.Read().Where(r => r.Delivery == notifier.Log.Read()[0].Delivery).ToList();
        first.Select(r => r.Status).ShouldBe([.. Enumerable.Repeat(DeliveryRecord.Retrying, 4), DeliveryRecord.Failed]);
        first[0].RetryInMs.ShouldBe(20L, "the webhooks' backoff: base 20 ms, doubled");
        first[1].RetryInMs.ShouldBe(40L);
        first[^1].Error.ShouldNotBeNull().ShouldStartWith($"sns Publish in us-west-2: ConnectionFailed: 127.0.0.1:{nobody}: ");
        first[^1].Error!.ShouldEndWith("; gave up after 5 attempts");
    }

    [Fact]
    public async Task Publish_Throttled_IsRetried_ButARefusalIsNot()
    {
        await _seed.ProvisionTopicAsync(moto, Token);
        await using var proxy = new FaultProxy(moto.Url, n => n switch
        {
            1 => FaultProxy.QueryError(400, "Throttling", "Rate exceeded"),
            3 => FaultProxy.QueryError(403, "AuthorizationError", "not authorized to publish"),
            _ => null,
        });
        var notifier = Notifier(proxy.Url);

        notifier.Publish(new Notification(NotificationEvents.FailoverSucceeded, "orders", DateTimeOffset.UtcNow, "failed over to us"));
        notifier.Publish(new Notification(NotificationEvents.FailbackSucceeded, "orders", DateTimeOffset.UtcNow, "failed back to eu"));
        await notifier.FlushAsync(TimeSpan.FromSeconds(30));

        var log = notifier.Log.Read();
        log.Select(r => $"{r.Event} {r.Status} {r.Attempt}").ShouldBe(["failover.succeeded retrying 1", "failover.succeeded delivered 2", "failback.succeeded failed 1"]);
        log[^1].Error.ShouldBe("sns Publish in us-west-2: AuthorizationError: not authorized to publish; not retried: the receiver refused it");
        proxy.Requests.ShouldBe(3, "the client made one attempt per call; the notifier retried");
    }

    private WebhookNotifier Notifier(Uri endpoint)
    {
        var client = moto.Client(endpoint, OneAttempt);
        _clients.Add(client);
        var targets = new AwsSnsNotifications(() => client).Create(_seed.Context);
        return new WebhookNotifier("orders", _seed.Plan.Webhooks, _seed.StateDirectory, LogPath, TimeProvider.System, Fast, targets);
    }
}
