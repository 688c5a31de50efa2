namespace Pilotlight.Engine.Notifications;

/// <summary>How the notifier queues and retries: bounds and backoff (per attempt timeouts and attempts are per webhook, in the plan).</summary>
public sealed record NotifierOptions
{
    /// <summary>Undelivered events kept per webhook; beyond it the oldest is dropped, and the drop recorded.</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>The wait before the first retry; doubled for each further one.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A receiver's <c>Retry-After</c> is honoured up to this.</summary>
    public TimeSpan RetryAfterCap { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A number in [0, 1) for each backoff's jitter; the default is random.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;
}
