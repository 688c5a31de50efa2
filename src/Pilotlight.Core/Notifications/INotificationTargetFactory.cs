using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Notifications;

/// <summary>
/// Builds the notification targets of a plan that a provider family knows how to reach (the AWS family: the plan's
/// <c>notifications.sns</c> topics). Registered with <see cref="ProviderRegistry.WithNotifications"/>; connects to nothing.
/// </summary>
public interface INotificationTargetFactory
{
    IEnumerable<INotificationTarget> Create(ProviderBuildContext context);
}
