namespace Pilotlight.Core.Notifications;

/// <summary>
/// When a failed delivery is tried again, and after how long: connection errors, timeouts, 408, 429 and 5xx are
/// retried with exponential backoff and jitter (a <c>Retry-After</c> honoured up to a cap); any other answer is final.
/// </summary>
public static class DeliveryRetry
{
    /// <summary>Whether an HTTP answer with this status is worth another attempt.</summary>
    public static bool IsRetryable(int status) => status is 408 or 429 or (>= 500 and <= 599);

    public static bool IsSuccess(int status) => status is >= 200 and <= 299;

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1: <paramref name="retryAfter"/> capped at
    /// <paramref name="retryAfterCap"/> when the receiver asked for one, else <c>baseDelay × 2^(attempt-1)</c> capped
    /// at <paramref name="maxDelay"/>, of which a random half (<paramref name="jitter"/> in [0, 1)) is taken off so
    /// that many senders do not retry in step.
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double jitter, TimeSpan? retryAfter = null, TimeSpan? retryAfterCap = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (retryAfter is { } asked && asked >= TimeSpan.Zero)
        {
            return retryAfterCap is { } cap && asked > cap ? cap : asked;
        }

        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 - (Math.Clamp(jitter, 0, 1) / 2)));
    }
}
