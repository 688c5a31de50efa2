using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary>
/// The AWS providers: <c>aws-rds</c>, <c>aws-aurora-global</c>, <c>aws-asg</c>, <c>aws-ecs</c>, <c>aws-s3</c>,
/// <c>aws-route53</c> and <c>aws-secrets-manager</c>, each schema a factory of its runtime provider (see
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
