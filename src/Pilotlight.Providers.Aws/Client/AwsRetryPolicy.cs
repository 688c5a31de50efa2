namespace Pilotlight.Providers.Aws.Client;

/// <summary>
/// How often and how long to wait before trying a retryable request again: bounded attempts, exponential backoff with
/// full jitter (a random wait up to the exponential bound), so clients throttled together do not retry together.
/// </summary>
internal sealed record AwsRetryPolicy
{
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A number in [0, 1); injected so tests can fix it.</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (attempts count from 1).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var bound = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(bound * Random());
    }
}
