using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pilotlight.Core.Notifications;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Tests.Notifications;

/// <summary>The bytes a receiver gets, how they are signed, when a delivery is retried, and how a URL may be logged.</summary>
public sealed class WebhookPayloadTests
{
    private static readonly Notification Finished = new("execution.finished", "shop", new DateTimeOffset(2026, 12, 1, 13, 0, 5, 120, TimeSpan.FromHours(1)), "failover a->b succeeded in 3.2s")
    {
        Site = "b",
        Execution = "20261201T120000Z-failover-a-b",
        Details = ImmutableDictionary<string, object?>.Empty.Add("outcome", "succeeded").Add("duration_seconds", 3.2).Add("failing", new[] { "x" }).Add("took", TimeSpan.FromMilliseconds(1500)),
    };

    [Fact]
    public void Json_HasTheDocumentedKeys_AtInUtc()
    {
        using var json = JsonDocument.Parse(WebhookPayload.Format(Finished, WebhookFormat.Json));
        var root = json.RootElement;

        root.EnumerateObject().Select(p => p.Name).ShouldBe(["event", "plan", "at", "site", "execution", "message", "details"]);
        root.GetProperty("event").GetString().ShouldBe("execution.finished");
        root.GetProperty("at").GetString().ShouldBe("2026-12-01T12:00:05.120Z");
        root.GetProperty("site").GetString().ShouldBe("b");
        root.GetProperty("details").GetProperty("duration_seconds").GetDouble().ShouldBe(3.2);
        root.GetProperty("details").GetProperty("failing")[0].GetString().ShouldBe("x");
        root.GetProperty("details").GetProperty("took").GetDouble().ShouldBe(1.5);
    }

    [Fact]
    public void Json_NoSiteNoExecution_AreNull()
    {
        using var json = JsonDocument.Parse(WebhookPayload.Format(new Notification("drill.skipped", "shop", DateTimeOffset.UnixEpoch, "not ready"), WebhookFormat.Json));

        json.RootElement.GetProperty("site").ValueKind.ShouldBe(JsonValueKind.Null);
        json.RootElement.GetProperty("execution").ValueKind.ShouldBe(JsonValueKind.Null);
        json.RootElement.GetProperty("details").EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public void Slack_IsOnlyText_OneLine()
    {
        var multiline = Finished with { Message = "first\nsecond" };
        using var json = JsonDocument.Parse(WebhookPayload.Format(multiline, WebhookFormat.Slack));

        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["text"]);
        json.RootElement.GetProperty("text").GetString().ShouldBe("[shop] execution.finished: first second");
    }

    [Fact]
    public void Signature_IsHmacOfTimestampDotBody_AndVerifies()
    {
        var secret = Encoding.UTF8.GetBytes("k3y");
        var body = WebhookPayload.Format(Finished, WebhookFormat.Json);

        var signature = WebhookSignature.Sign(secret, "1796126405", body);

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, (byte[])[.. "1796126405."u8.ToArray(), .. body]));
        signature.ShouldBe($"sha256={expected}");
        WebhookSignature.Verify(secret, "1796126405", body, signature).ShouldBeTrue();
        WebhookSignature.Verify("other"u8, "1796126405", body, signature).ShouldBeFalse();
        WebhookSignature.Verify(secret, "1796126406", body, signature).ShouldBeFalse("the timestamp is signed");
        WebhookSignature.Verify(secret, "1796126405", [.. body, (byte)' '], signature).ShouldBeFalse("the exact bytes are signed");
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(302, false)]
    public void Retry_OnlyServerErrorsTimeoutsAndThrottling(int status, bool retried) => DeliveryRetry.IsRetryable(status).ShouldBe(retried);

    [Fact]
    public void Retry_BackoffDoublesWithJitterUpToTheCap_RetryAfterHonouredUpToItsCap()
    {
        var second = TimeSpan.FromSeconds(1);
        DeliveryRetry.Delay(1, second, TimeSpan.FromSeconds(30), jitter: 0).ShouldBe(second);
        DeliveryRetry.Delay(3, second, TimeSpan.FromSeconds(30), jitter: 0).ShouldBe(TimeSpan.FromSeconds(4));
        DeliveryRetry.Delay(3, second, TimeSpan.FromSeconds(30), jitter: 0.999).ShouldBeInRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.01));
        DeliveryRetry.Delay(20, second, TimeSpan.FromSeconds(30), jitter: 0).ShouldBe(TimeSpan.FromSeconds(30));
        DeliveryRetry.Delay(1, second, TimeSpan.FromSeconds(30), jitter: 0, retryAfter: TimeSpan.FromSeconds(7), retryAfterCap: TimeSpan.FromSeconds(60)).ShouldBe(TimeSpan.FromSeconds(7));
        DeliveryRetry.Delay(1, second, TimeSpan.FromSeconds(30), jitter: 0, retryAfter: TimeSpan.FromHours(1), retryAfterCap: TimeSpan.FromSeconds(60)).ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData("https://user:pass@hooks.example.com/services/T0/B0/XXXX?token=abc", "https://hooks.example.com/…")]
    [InlineData("http://127.0.0.1:33001/hook", "http://127.0.0.1:33001/…")]
    [InlineData("http://127.0.0.1:33001/", "http://127.0.0.1:33001/")]
    public void Address_KeepsOnlyTheOrigin(string url, string shown) => WebhookAddress.Redact(new Uri(url)).ShouldBe(shown);
}
