using System.Collections.Immutable;

namespace Pilotlight.Core.Notifications;

/// <summary>One event to tell the plan's webhooks about: what, when, where, and a one-line message.</summary>
public sealed record Notification(string Event, string Plan, DateTimeOffset At, string Message)
{
    /// <summary>The site the event is about (the site down, the standby, an execution's target), if one.</summary>
    public string? Site { get; init; }

    /// <summary>The execution the event belongs to (its id, the journal's file name), if one.</summary>
    public string? Execution { get; init; }

    /// <summary>Event-specific values: text, numbers, booleans, lists of them.</summary>
    public ImmutableDictionary<string, object?> Details { get; init; } = ImmutableDictionary<string, object?>.Empty;
}
