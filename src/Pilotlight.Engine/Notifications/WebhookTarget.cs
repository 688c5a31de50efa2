using System.Net.Http.Headers;
using Pilotlight.Core.Notifications;
using Pilotlight.Core.Plans;

namespace Pilotlight.Engine.Notifications;

/// <summary>A webhook as a notification target: one signed HTTP POST per attempt, its URL shown by its origin only.</summary>
internal sealed class WebhookTarget(Webhook webhook, string planDirectory, TimeProvider clock) : INotificationTarget
{
    private static readonly HttpClient Http = CreateClient();

    public string Name => webhook.Name;

    public string Address => WebhookAddress.Redact(webhook.Url);

    public TimeSpan Timeout => webhook.Timeout;

    public int MaxAttempts => webhook.MaxAttempts;

    public bool Wants(string eventName) => webhook.Wants(eventName);

    public byte[] Format(Notification notification) => WebhookPayload.Format(notification, webhook.Format);

    public async Task<NotificationAttempt> SendAsync(string deliveryId, Notification notification, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        byte[]? secret = null;
        if (webhook.HasSecret && (secret = WebhookSecret.Read(webhook, planDirectory, out var problem)) is null)
        {
            // Not the receiver's doing, and no retry fixes it within this delivery.
            return new NotificationAttempt(false, null, $"not sent: {problem}", null, Retryable: false);
        }

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventHeader, notification.Event);
        request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, deliveryId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp);
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
            Array.Clear(secret);
        }

        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (DeliveryRetry.IsSuccess(status))
            {
                return NotificationAttempt.Success(status);
            }

            var retryAfter = response.Headers.RetryAfter is { } asked ? asked.Delta ?? (asked.Date - clock.GetUtcNow()) : null;
            var what = status is >= 300 and < 400 ? "a redirect (not followed: the signature is for this receiver)" : response.ReasonPhrase ?? "";
            return new NotificationAttempt(false, status, $"HTTP {status} {what}".TrimEnd(), retryAfter, DeliveryRetry.IsRetryable(status));
        }
        catch (HttpRequestException e)
        {
            return new NotificationAttempt(false, null, Redacted(e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message), null, Retryable: true);
        }
    }

    /// <summary>An error as it may be logged: the webhook's full URL, should a message carry it, shown by its origin.</summary>
    private string Redacted(string message) =>
        message.Replace(webhook.Url.OriginalString, Address, StringComparison.Ordinal)
            .Replace(webhook.Url.AbsoluteUri, Address, StringComparison.Ordinal)
            .ReplaceLineEndings(" ");

    private static HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("pilotlight-webhook/1");
        return client;
    }
}
