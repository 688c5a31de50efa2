namespace Pilotlight.Core.Notifications;

/// <summary>
/// Somewhere events go (a webhook, an SNS topic): which events it wants, the bytes it receives, and one attempt to
/// send them. The notifier queues, bounds each attempt by <see cref="Timeout"/>, retries and logs — the same for every target.
/// </summary>
public interface INotificationTarget
{
    /// <summary>The target's name in the plan, unique among all notification targets.</summary>
    string Name { get; }

    /// <summary>Where it delivers, as it may be shown and logged: never a credential.</summary>
    string Address { get; }

    /// <summary>How long one attempt may take.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Attempts per event, the first included.</summary>
    int MaxAttempts { get; }

    bool Wants(string eventName);

    /// <summary>The body for <paramref name="notification"/>, fixed at publish time: the same bytes on every attempt.</summary>
    byte[] Format(Notification notification);

    /// <summary>One attempt; never throws for the receiver's failures (they are the outcome), only when cancelled.</summary>
    Task<NotificationAttempt> SendAsync(string deliveryId, Notification notification, byte[] body, CancellationToken cancellationToken);
}
