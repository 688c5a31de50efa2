namespace Pilotlight.Core.Notifications;

/// <summary>How one attempt to deliver went: delivered, or why not, whether another attempt may help, and when the receiver asked for it.</summary>
public sealed record NotificationAttempt(bool Delivered, int? Status, string? Error, TimeSpan? RetryAfter, bool Retryable)
{
    public static NotificationAttempt Success(int? status) => new(true, status, null, null, false);
}
