using Pilotlight.Core.Notifications;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Sns;

namespace Pilotlight.Providers.Aws;

/// <summary>
/// <c>notifications.sns</c>: the plan's SNS topics as notification targets, published to through a client configured
/// from the standard AWS environment (or the given one, in tests) that makes one attempt per call — the notifier retries.
/// </summary>
internal sealed class AwsSnsNotifications(Func<AwsClient>? client = null) : INotificationTargetFactory
{
    public IEnumerable<INotificationTarget> Create(ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Plan.SnsTargets.IsEmpty)
        {
            return [];
        }

        var api = new SnsApi(client?.Invoke() ?? new AwsClient(AwsEndpoints.FromEnvironment(), AwsCredentialChain.Default(Environment.GetEnvironmentVariable), TimeProvider.System, new AwsRetryPolicy { MaxAttempts = 1 }));
        return [.. context.Plan.SnsTargets.Select(t => new Runtime.SnsNotificationTarget(t, api))];
    }
}
