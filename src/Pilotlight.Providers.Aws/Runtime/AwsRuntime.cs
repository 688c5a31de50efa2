using System.Collections.Immutable;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.AutoScaling;
using Pilotlight.Providers.Aws.Client.CloudWatch;
using Pilotlight.Providers.Aws.Client.Ecs;
using Pilotlight.Providers.Aws.Client.Rds;
using Pilotlight.Providers.Aws.Client.Route53;
using Pilotlight.Providers.Aws.Client.SecretsManager;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// Builds the AWS runtime providers the schemas' factories hand out: from the standard AWS environment (AWS_PROFILE,
/// AWS_REGION, AWS_ENDPOINT_URL[_SERVICE], the credential chain), or from a given client (tests). Connects to nothing.
/// </summary>
internal static class AwsRuntime
{
    public static AwsAsgComputeProvider Compute(AwsAsgSettings settings, ProviderBuildContext context, AwsClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AwsAsgComputeProvider(settings, new AutoScalingApi(client), new SpotShares(Path.Combine(context.StateDirectory, "aws-asg", "spot-shares.json")), context.Clock);
    }

    /// <summary>The ECS services, with their capacity groups driven by an <see cref="AwsAsgComputeProvider"/> of their own.</summary>
    public static AwsEcsComputeProvider EcsCompute(AwsEcsSettings settings, ProviderBuildContext context, AwsClient client)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var groups = new AwsAsgSettings(settings.Services.Where(s => s.Value.CapacityGroup is not null)
            .ToImmutableDictionary(s => s.Key, s => new AwsAsgGroup(s.Value.CapacityGroup!, s.Value.Region) { InstanceType = s.Value.InstanceType }, StringComparer.Ordinal));
        var capacity = new AwsAsgComputeProvider(groups, new AutoScalingApi(client), new SpotShares(Path.Combine(context.StateDirectory, "aws-ecs", "spot-shares.json")), context.Clock);
        return new AwsEcsComputeProvider(settings, new EcsApi(client), capacity, context.Clock);
    }

    public static AwsRdsDatabaseProvider Database(AwsRdsSettings settings, ProviderBuildContext context, AwsClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = Path.Combine(context.StateDirectory, "aws-rds");
        return new AwsRdsDatabaseProvider(
            settings, new RdsApi(client), new CloudWatchApi(client), new RdsPromotions(Path.Combine(state, "promotions.json")), new RdsStateFile<RdsFence>(Path.Combine(state, "fences.json")), context.Clock);
    }

    public static AwsAuroraGlobalDatabaseProvider AuroraGlobal(AwsAuroraGlobalSettings settings, ProviderBuildContext context, AwsClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AwsAuroraGlobalDatabaseProvider(settings, new RdsApi(client), new CloudWatchApi(client), context.Clock);
    }

    public static AwsS3ObjectStore Objects(AwsS3Settings settings, Client.S3.S3Clients s3, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AwsS3ObjectStore(settings, s3, context.Clock);
    }

    public static AwsSecretsManagerProvider Secrets(AwsSecretsManagerSettings settings, AwsClient client) => new(settings, new SecretsManagerApi(client));

    public static AwsRoute53TrafficProvider Traffic(AwsRoute53Settings settings, TimeProvider clock, AwsClient client) => new(settings, new Route53Api(client), clock);
}
