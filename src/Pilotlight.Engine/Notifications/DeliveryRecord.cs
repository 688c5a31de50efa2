namespace Pilotlight.Engine.Notifications;

/// <summary>
/// One line of <c>notifications.jsonl</c>: an attempt's outcome (delivered, retrying, failed) or what happened to an
/// event that was never tried (dropped, abandoned). Never a secret, never more of the URL than its origin.
/// </summary>
public sealed record DeliveryRecord(DateTimeOffset At, string Event, string Delivery, string Webhook, string Url, string Status)
{
    public const string Delivered = "delivered";
    public const string Retrying = "retrying";
    public const string Failed = "failed";
    public const string Dropped = "dropped";
    public const string Abandoned = "abandoned";

    public int? Attempt { get; init; }

    public int? HttpStatus { get; init; }

    public string? Error { get; init; }

    /// <summary>On <see cref="Dropped"/>: how many events of this name were dropped since the last such record.</summary>
    public int? DroppedCount { get; init; }

    /// <summary>On <see cref="Retrying"/>: the wait before the next attempt.</summary>
    public long? RetryInMs { get; init; }
}
