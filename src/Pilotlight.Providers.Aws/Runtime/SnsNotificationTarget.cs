using System.Text;
using Pilotlight.Core.Notifications;
using Pilotlight.Core.Plans;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Sns;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// A <c>notifications.sns</c> topic as a notification target: one SNS Publish per attempt, in the topic's region. The
/// message is the webhook JSON payload (event, plan, at, site, execution, message, details) for a Lambda or queue to
/// read, the subject its Slack line cut to SNS's 100 characters. The client makes one attempt: the notifier's queue
/// retries with its own backoff, as for webhooks.
/// </summary>
internal sealed class SnsNotificationTarget(SnsTarget topic, SnsApi api) : INotificationTarget
{
    private const int SubjectLimit = 100;

    public string Name => topic.Name;

    public string Address => topic.TopicArn;

    public TimeSpan Timeout => Webhook.DefaultTimeout;

    public int MaxAttempts => Webhook.DefaultMaxAttempts;

    public bool Wants(string eventName) => topic.Wants(eventName);

    public byte[] Format(Notification notification) => WebhookPayload.Format(notification, WebhookFormat.Json);

    public async Task<NotificationAttempt> SendAsync(string deliveryId, Notification notification, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var fifo = topic.TopicArn.EndsWith(".fifo", StringComparison.Ordinal);
        try
        {
            await api.PublishAsync(topic.Region, topic.TopicArn, Encoding.UTF8.GetString(body), Subject(notification), cancellationToken,
                messageGroupId: fifo ? notification.Plan : null, deduplicationId: fifo ? deliveryId : null);
            return NotificationAttempt.Success(200);
        }
        catch (AwsException e)
        {
            // Status 0 is no answer at all (connection refused, timed out): worth another attempt, like a webhook's.
            var retryable = e.Status == 0 || AwsErrors.IsRetryable(e.Status, e.Code);
            return new NotificationAttempt(false, e.Status == 0 ? null : e.Status, e.Message, null, retryable);
        }
        catch (AwsConfigurationException e)
        {
            return new NotificationAttempt(false, null, $"not sent: {e.Message}", null, Retryable: false);
        }
    }

    /// <summary>SNS subjects are at most 100 printable ASCII characters on one line.</summary>
    private static string Subject(Notification notification)
    {
        var ascii = new string([.. WebhookPayload.SlackText(notification).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        return ascii.Length <= SubjectLimit ? ascii : ascii[..(SubjectLimit - 1)] + "~";
    }
}
