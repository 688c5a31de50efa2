using System.Globalization;
using Pilotlight.Core.Notifications;

namespace Pilotlight.Engine.Notifications;

/// <summary>Sending one delivery: attempts, each bounded by the target's timeout, retried as <see cref="DeliveryRetry"/> says.</summary>
internal sealed partial class WebhookQueue
{
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

            if (!outcome.Retryable || attempt >= target.MaxAttempts)
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

    private async Task<NotificationAttempt> AttemptAsync(Delivery delivery, CancellationToken abandon)
    {
        using var timeout = new CancellationTokenSource(target.Timeout, notifier.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abandon, timeout.Token);
        try
        {
            return await target.SendAsync(delivery.Id, delivery.Notification, delivery.Body, linked.Token);
        }
        catch (OperationCanceledException) when (!abandon.IsCancellationRequested)
        {
            return new NotificationAttempt(false, null, string.Create(CultureInfo.InvariantCulture, $"no answer within {target.Timeout.TotalSeconds:0.###}s"), null, Retryable: true);
        }
    }
}
