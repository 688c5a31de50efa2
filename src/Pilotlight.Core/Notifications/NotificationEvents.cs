using System.Collections.Immutable;

namespace Pilotlight.Core.Notifications;

/// <summary>
/// The events Pilotlight notifies, <c>category.name</c>, in one place: the plan's <c>events:</c> patterns are checked
/// against them and the README lists them.
/// </summary>
public static class NotificationEvents
{
    public const string SiteDown = "health.site-down";
    public const string SiteRecovered = "health.site-recovered";
    public const string ReadinessLost = "readiness.lost";
    public const string ReadinessRegained = "readiness.regained";
    public const string ExecutionStarted = "execution.started";
    public const string ExecutionStepFailed = "execution.step-failed";
    public const string ExecutionFinished = "execution.finished";
    public const string FailoverSucceeded = "failover.succeeded";
    public const string FailoverApprovalRequested = "failover.approval-requested";
    public const string FailbackSucceeded = "failback.succeeded";
    public const string SwitchoverSucceeded = "switchover.succeeded";
    public const string DrillStarted = "drill.started";
    public const string DrillFinished = "drill.finished";
    public const string DrillSkipped = "drill.skipped";

    public static ImmutableArray<string> Categories { get; } = ["health", "readiness", "failover", "failback", "switchover", "drill", "execution"];

    public static ImmutableArray<string> All { get; } =
    [
        SiteDown, SiteRecovered, ReadinessLost, ReadinessRegained, ExecutionStarted, ExecutionStepFailed, ExecutionFinished,
        FailoverSucceeded, FailoverApprovalRequested, FailbackSucceeded, SwitchoverSucceeded, DrillStarted, DrillFinished, DrillSkipped,
    ];

    public static string CategoryOf(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        var dot = eventName.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? eventName : eventName[..dot];
    }

    /// <summary><c>*</c> matches every event, <c>failover.*</c> every event of that category, anything else the exact name.</summary>
    public static bool Matches(string pattern, string eventName)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(eventName);
        return pattern == "*"
            || (pattern.EndsWith(".*", StringComparison.Ordinal) && pattern[..^2] == CategoryOf(eventName))
            || pattern == eventName;
    }
}
