using System.Collections.Immutable;
using Pilotlight.Core.Notifications;

namespace Pilotlight.Core.Plans;

/// <summary>An HTTP endpoint that receives events whose names match one of <see cref="Events"/> (<c>failover.*</c>, <c>*</c>).</summary>
public sealed record Webhook(string Name, Uri Url, ImmutableArray<string> Events)
{
    /// <summary>Attempts per event when the plan says none: the first and four retries.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>How long one attempt waits for an answer when the plan says nothing.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public WebhookFormat Format { get; init; } = WebhookFormat.Json;

    /// <summary>A file holding the signing secret, as written in the plan (relative to the plan's directory); read at each delivery.</summary>
    public string? SecretFile { get; init; }

    /// <summary>An environment variable holding the signing secret; read at each delivery.</summary>
    public string? SecretEnv { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    public bool HasSecret => SecretFile is not null || SecretEnv is not null;

    /// <summary>Whether the webhook subscribes to <paramref name="eventName"/>.</summary>
    public bool Wants(string eventName) => Events.Any(pattern => NotificationEvents.Matches(pattern, eventName));
}
