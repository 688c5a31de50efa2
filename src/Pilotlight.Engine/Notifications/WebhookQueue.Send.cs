using System.Globalization;
using System.Net.Http.Headers;
using Pilotlight.Core.Notifications;

namespace Pilotlight.Engine.Notifications;

/// <summary>Sending one delivery: signed attempts, each bounded by the webhook's timeout, retried as <see cref="DeliveryRetry"/> says.</summary>
internal sealed partial class WebhookQueue
{
    private static readonly HttpClient Http = CreateClient();

    private async Task DeliverAsync(Delivery delivery, CancellationToken abandon)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await AttemptAsync(delivery, abandon);
            if (outcome.Delivered)
            {
                Record(delivery, DeliveryRecord.Delivered, attempt, outcome.Status);
                return;
            }

            if (!outcome.Retryable || attempt >= webhook.MaxAttempts)
            {
                var end = outcome.Retryable ? $"; gave up after {attempt} attempt{(attempt == 1 ? "" : "s")}" : outcome.Status is null ? "" : "; not retried: the receiver refused it";
                Record(delivery, DeliveryRecord.Failed, attempt, outcome.Status, outcome.Error + end);
                return;
            }

            var options = notifier.Options;
            var wait = DeliveryRetry.Delay(attempt, options.BaseDelay, options.MaxDelay, options.Jitter(), outcome.RetryAfter, options.RetryAfterCap);
            Record(delivery, DeliveryRecord.Retrying, attempt, outcome.Status, outcome.Error, wait);
            await Task.Delay(wait, notifier.Clock, abandon);
        }
    }

    private async Task<AttemptOutcome> AttemptAsync(Delivery delivery, CancellationToken abandon)
    {
        byte[]? secret = null;
        if (webhook.HasSecret && (secret = WebhookSecret.Read(webhook, notifier.PlanDirectory, out var problem)) is null)
        {
            // Not the receiver's doing, and no retry fixes it within this delivery.
            return new AttemptOutcome(false, null, $"not sent: {problem}", null, Retryable: false);
        }

        var timestamp = notifier.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventHeader, delivery.Notification.Event);
        request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, delivery.Id);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp);
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, delivery.Body));
            Array.Clear(secret);
        }

        using var timeout = new CancellationTokenSource(webhook.Timeout, notifier.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abandon, timeout.Token);
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (DeliveryRetry.IsSuccess(status))
            {
                return new AttemptOutcome(true, status, null, null, false);
            }

            var retryAfter = response.Headers.RetryAfter is { } asked ? asked.Delta ?? (asked.Date - notifier.Clock.GetUtcNow()) : null;
            var what = status is >= 300 and < 400 ? "a redirect (not followed: the signature is for this receiver)" : response.ReasonPhrase ?? "";
            return new AttemptOutcome(false, status, $"HTTP {status} {what}".TrimEnd(), retryAfter, DeliveryRetry.IsRetryable(status));
        }
        catch (OperationCanceledException) when (!abandon.IsCancellationRequested)
        {
            return new AttemptOutcome(false, null, string.Create(CultureInfo.InvariantCulture, $"no answer within {webhook.Timeout.TotalSeconds:0.###}s"), null, Retryable: true);
        }
        catch (HttpRequestException e)
        {
            return new AttemptOutcome(false, null, Redacted(e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message), null, Retryable: true);
        }
    }

    /// <summary>An error as it may be logged: the webhook's full URL, should a message carry it, shown by its origin.</summary>
    private string Redacted(string message) =>
        message.Replace(webhook.Url.OriginalString, WebhookAddress.Redact(webhook.Url), StringComparison.Ordinal)
            .Replace(webhook.Url.AbsoluteUri, WebhookAddress.Redact(webhook.Url), StringComparison.Ordinal)
            .ReplaceLineEndings(" ");

    private static HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("pilotlight-webhook/1");
        return client;
    }

    private sealed record AttemptOutcome(bool Delivered, int? Status, string? Error, TimeSpan? RetryAfter, bool Retryable);
}
