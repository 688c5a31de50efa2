using System.Collections.Immutable;
using Pilotlight.Core.Notifications;

namespace Pilotlight.Core.Plans;

/// <summary>An Amazon SNS topic that receives events whose names match one of <see cref="Events"/> (<c>notifications.sns:</c>).</summary>
public sealed record SnsTarget(string Name, string TopicArn, ImmutableArray<string> Events)
{
    /// <summary>The topic's region: the fourth field of its ARN (<c>arn:aws:sns:REGION:ACCOUNT:NAME</c>).</summary>
    public string Region => TopicArn.Split(':')[3];

    /// <summary>Whether the topic subscribes to <paramref name="eventName"/>.</summary>
    public bool Wants(string eventName) => Events.Any(pattern => NotificationEvents.Matches(pattern, eventName));
}
