using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary>
/// The AWS providers. <c>aws-rds</c>, <c>aws-asg</c> and <c>aws-ecs</c> can act (their schemas are factories); the
/// others only validate plans so far, and acting on one fails with one line naming the provider (see
/// <see cref="IProviderFactory"/>). The plan's <c>notifications.sns</c> topics are published to beside its webhooks.
/// </summary>
public static class AwsRegistration
{
    public static ProviderRegistry AddAws(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .With(new AwsRdsSchema())
            .With(new AwsS3Schema())
            .With(new AwsAuroraGlobalSchema())
            .With(new AwsAsgSchema())
            .With(new AwsEcsSchema())
            .With(new AwsRoute53Schema())
            .With(new AwsSecretsManagerSchema())
            .WithNotifications(new AwsSnsNotifications());
    }
}
