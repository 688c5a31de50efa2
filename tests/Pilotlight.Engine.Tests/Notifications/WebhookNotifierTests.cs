using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Pilotlight.Core.Notifications;
using Pilotlight.Core.Plans;
using Pilotlight.Engine.Notifications;

namespace Pilotlight.Engine.Tests.Notifications;

/// <summary>The notifier against a real local receiver: delivered, retried (and not), signed, Slack's shape, bounded queue and flush.</summary>
public sealed class WebhookNotifierTests : IDisposable
{
    private static readonly NotifierOptions Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), Jitter = () => 0 };

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"wt-notify-{Guid.NewGuid():N}");

    public WebhookNotifierTests() => Directory.CreateDirectory(_root);

    private string LogPath => Path.Combine(_root, "notifications.jsonl");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private WebhookNotifier Notifier(NotifierOptions? options = null, params Webhook[] webhooks) =>
        new("shop", webhooks, _root, LogPath, TimeProvider.System, options ?? Fast);

    private static Webhook Hook(string url, string name = "ops", params string[] events) => new(name, new Uri(url), events.Length == 0 ? ["*"] : [.. events]);

    private static Notification Event(string name = "execution.finished", string message = "failover a->b succeeded") =>
        new(name, "shop", DateTimeOffset.UtcNow, message) { Site = "b", Execution = "x-1", Details = ImmutableDictionary<string, object?>.Empty.Add("outcome", "succeeded") };

    private static async Task Drained(WebhookNotifier notifier) => (await notifier.FlushAsync(TimeSpan.FromSeconds(30))).Drained.ShouldBeTrue("the flush drained the queue");

    [Fact]
    public async Task Publish_Delivered_WithEventHeaderAndTheDocumentedBody_AndLogged()
    {
        await using var receiver = new WebhookReceiver();
        var notifier = Notifier(null, Hook(receiver.Url));

        notifier.Publish(Event());
        await Drained(notifier);

        var request = receiver.Requests.ShouldHaveSingleItem();
        request.RequestLine.ShouldBe("POST /hook HTTP/1.1");
        request.Headers[WebhookSignature.EventHeader].ShouldBe("execution.finished");
        request.Headers["Content-Type"].ShouldBe("application/json; charset=utf-8");
        request.Headers.ContainsKey(WebhookSignature.SignatureHeader).ShouldBeFalse("no secret, no signature");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("plan").GetString().ShouldBe("shop");
        body.RootElement.GetProperty("execution").GetString().ShouldBe("x-1");
        body.RootElement.GetProperty("details").GetProperty("outcome").GetString().ShouldBe("succeeded");
        var record = notifier.Log.Read().ShouldHaveSingleItem();
        (record.Status, record.Attempt, record.HttpStatus, record.Webhook, record.Event).ShouldBe((DeliveryRecord.Delivered, 1, 200, "ops", "execution.finished"));
        record.Url.ShouldBe($"http://127.0.0.1:{receiver.Port}/…");
    }

    [Fact]
    public async Task Publish_OnlyToWebhooksThatSubscribe()
    {
        await using var failovers = new WebhookReceiver();
        await using var health = new WebhookReceiver();
        var notifier = Notifier(null, Hook(failovers.Url, "failovers", "failover.*"), Hook(health.Url, "health", "health.site-down"));

        notifier.Publish(Event("failover.succeeded"));
        notifier.Publish(Event("health.site-recovered"));
        await Drained(notifier);

        failovers.Requests.Select(r => r.Event).ShouldBe(["failover.succeeded"]);
        health.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Receiver503Twice_ThenOk_ThreeAttemptsOneDelivery_SameBodyAndDeliveryId()
    {
        await using var receiver = new WebhookReceiver([503, 503]);
        var notifier = Notifier(null, Hook(receiver.Url));

        notifier.Publish(Event());
        await Drained(notifier);

        var requests = receiver.Requests.ToList();
        requests.Count.ShouldBe(3);
        requests.Select(r => r.Headers[WebhookSignature.DeliveryHeader]).Distinct().ShouldHaveSingleItem();
        requests.Select(r => r.Text).Distinct().ShouldHaveSingleItem();
        notifier.Log.Read().Select(r => (r.Status, r.Attempt, r.HttpStatus)).ShouldBe([(DeliveryRecord.Retrying, 1, 503), (DeliveryRecord.Retrying, 2, 503), (DeliveryRecord.Delivered, 3, 200)]);
    }

    [Fact]
    public async Task Receiver400_NotRetried_FailedOnce()
    {
        await using var receiver = new WebhookReceiver([400]);
        var notifier = Notifier(null, Hook(receiver.Url));

        notifier.Publish(Event());
        await Drained(notifier);

        receiver.Requests.Count.ShouldBe(1);
        var record = notifier.Log.Read().ShouldHaveSingleItem();
        (record.Status, record.Attempt, record.HttpStatus).ShouldBe((DeliveryRecord.Failed, 1, 400));
        record.Error.ShouldNotBeNull().ShouldContain("not retried");
        (await notifier.FlushAsync(TimeSpan.FromSeconds(5))).Failed.ShouldBe(1);
    }

    [Fact]
    public async Task Receiver429_RetryAfterHonouredUpToTheCap()
    {
        await using var receiver = new WebhookReceiver([429], retryAfter: "120");
        var notifier = Notifier(Fast with { RetryAfterCap = TimeSpan.FromMilliseconds(300) }, Hook(receiver.Url));

        notifier.Publish(Event());
        await Drained(notifier);

        notifier.Log.Read().Select(r => (r.Status, r.RetryInMs)).ShouldBe([(DeliveryRecord.Retrying, 300L), (DeliveryRecord.Delivered, null)]);
    }

    [Fact]
    public async Task AlwaysFailing_StopsAtMaxAttempts()
    {
        await using var receiver = new WebhookReceiver([500, 500, 500, 500, 500, 500]);
        var notifier = Notifier(null, Hook(receiver.Url) with { MaxAttempts = 3 });

        notifier.Publish(Event());
        await Drained(notifier);

        receiver.Requests.Count.ShouldBe(3);
        notifier.Log.Read()[^1].Error.ShouldNotBeNull().ShouldContain("gave up after 3 attempts");
    }

    [Fact]
    public async Task SecretFromAFile_SignatureVerifiesOverTheReceivedBytes_AWrongSecretDoesNot()
    {
        await using var receiver = new WebhookReceiver();
        File.WriteAllText(Path.Combine(_root, "hook.key"), "file-s3cret\n");
        var notifier = Notifier(null, Hook(receiver.Url) with { SecretFile = "hook.key" });

        notifier.Publish(Event());
        await Drained(notifier);

        var request = receiver.Requests.ShouldHaveSingleItem();
        var timestamp = request.Headers[WebhookSignature.TimestampHeader];
        var signature = request.Headers[WebhookSignature.SignatureHeader];
        signature.ShouldStartWith("sha256=");
        WebhookSignature.Verify("file-s3cret"u8, timestamp, request.Body, signature).ShouldBeTrue();
        WebhookSignature.Verify("file-s3cret\n"u8, timestamp, request.Body, signature).ShouldBeFalse("the file's trailing newline is not part of the secret");
        WebhookSignature.Verify("wrong"u8, timestamp, request.Body, signature).ShouldBeFalse();
        File.ReadAllText(LogPath).ShouldNotContain("file-s3cret");
    }

    [Fact]
    public async Task SecretFromAnEnvironmentVariable_SignatureVerifies()
    {
        var name = $"PILOTLIGHT_TEST_SECRET_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, "env-s3cret");
        try
        {
            await using var receiver = new WebhookReceiver();
            var notifier = Notifier(null, Hook(receiver.Url) with { SecretEnv = name });

            notifier.Publish(Event());
            await Drained(notifier);

            var request = receiver.Requests.ShouldHaveSingleItem();
            WebhookSignature.Verify("env-s3cret"u8, request.Headers[WebhookSignature.TimestampHeader], request.Body, request.Headers[WebhookSignature.SignatureHeader]).ShouldBeTrue();
            WebhookSignature.Verify("env-s3cre"u8, request.Headers[WebhookSignature.TimestampHeader], request.Body, request.Headers[WebhookSignature.SignatureHeader]).ShouldBeFalse();
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task MissingSecret_NotSent_FailsWithOneLineNamingTheFileOrVariable()
    {
        await using var receiver = new WebhookReceiver();
        var variable = $"PILOTLIGHT_TEST_UNSET_{Guid.NewGuid():N}";
        var notifier = Notifier(null, Hook(receiver.Url, "by-file") with { SecretFile = "missing.key" }, Hook(receiver.Url, "by-env") with { SecretEnv = variable });

        notifier.Publish(Event());
        await Drained(notifier);

        receiver.Requests.ShouldBeEmpty("an unsigned delivery is never sent in place of a signed one");
        var records = notifier.Log.Read();
        records.Single(r => r.Webhook == "by-file").Error.ShouldBe($"not sent: secret_file {Path.Combine(_root, "missing.key")}: no such file; expected a file holding the webhook's signing secret");
        records.Single(r => r.Webhook == "by-env").Error.ShouldNotBeNull().ShouldContain($"secret_env {variable}: the environment variable is not set");
        records.ShouldAllBe(r => r.Status == DeliveryRecord.Failed && r.Attempt == 1);
    }

    [Fact]
    public async Task SlackFormat_BodyIsOnlyText()
    {
        await using var receiver = new WebhookReceiver();
        var notifier = Notifier(null, Hook(receiver.Url) with { Format = WebhookFormat.Slack });

        notifier.Publish(Event(message: "failover a->b succeeded in 3.2s"));
        await Drained(notifier);

        var request = receiver.Requests.ShouldHaveSingleItem();
        request.Text.ShouldBe("""{"text":"[shop] execution.finished: failover a->b succeeded in 3.2s"}""");
        request.Headers[WebhookSignature.EventHeader].ShouldBe("execution.finished");
    }

    [Fact]
    public async Task SilentReceiver_FullQueueDropsTheOldest_FlushGivesUpAtItsBound()
    {
        await using var receiver = new WebhookReceiver(silent: true);
        var notifier = Notifier(Fast with { QueueCapacity = 2 }, Hook(receiver.Url) with { Timeout = TimeSpan.FromMinutes(5) });

        notifier.Publish(Event(message: "first"));
        // The first one is in flight (held by the silent receiver) once it was accepted.
        for (var i = 0; i < 400 && receiver.Accepted == 0; i++)
        {
            await Task.Delay(25);
        }

        receiver.Accepted.ShouldBe(1, "the first delivery reached the receiver");
        for (var i = 2; i <= 5; i++)
        {
            notifier.Publish(Event(message: $"event {i}"));
        }

        var flush = await notifier.FlushAsync(TimeSpan.FromMilliseconds(300));

        flush.Drained.ShouldBeFalse();
        flush.Abandoned.ShouldBe(3, "one in flight and the two the queue holds");
        var records = notifier.Log.Read();
        records.Where(r => r.Status == DeliveryRecord.Dropped).Sum(r => r.DroppedCount).ShouldBe(2);
        records.Count(r => r.Status == DeliveryRecord.Abandoned).ShouldBe(3);
        records.Where(r => r.Status == DeliveryRecord.Dropped).ShouldAllBe(r => r.Error!.Contains("queue was full"));
    }
}
