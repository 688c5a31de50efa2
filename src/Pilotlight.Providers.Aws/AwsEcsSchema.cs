using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary>
/// <c>compute.provider: aws-ecs</c> — an ECS service per site whose desired count moves between pilot and full,
/// with the Auto Scaling group that gives its cluster EC2 capacity scaled along (spot in pilot light, on-demand on
/// failover: seed 004). <c>scale_timeout:</c> (default 10m) bounds the wait for the running count after a change.
/// </summary>
internal sealed partial class AwsEcsSchema : IProviderFactory
{
    private const string Rule = "1-255 letters, digits, hyphens or underscores";

    private const string GroupRule = "an Auto Scaling group name: 1-255 characters, no colon";

    private static readonly string[] GroupKeys = ["instance_type", "tasks_per_instance"];

    public ResourceKind Kind => ResourceKind.Compute;

    public string Name => "aws-ecs";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var timeout = config.Duration("scale_timeout");
        var services = context.ReadPerSite(config, (block, site) =>
        {
            var cluster = ProviderChecks.Named(block, "cluster", NamePattern(), Rule);
            var service = ProviderChecks.Named(block, "service", NamePattern(), Rule);
            var region = AwsChecks.Region(block, site);
            var group = block.Has("capacity_group") ? ProviderChecks.Named(block, "capacity_group", GroupPattern(), GroupRule) : null;
            var instanceType = AwsChecks.InstanceType(block);
            var perInstance = block.Number("tasks_per_instance", min: 1, max: 1000);
            var fine = AwsChecks.Fine(block, "capacity_group", group) && AwsChecks.Fine(block, "instance_type", instanceType) && AwsChecks.Fine(block, "tasks_per_instance", perInstance);
            foreach (var key in GroupKeys)
            {
                if (block.Has(key) && !block.Has("capacity_group"))
                {
                    block.Report(key, "describes the capacity group, and the block names none", "capacity_group: the Auto Scaling group of the cluster's EC2 capacity");
                    fine = false;
                }
            }

            return cluster is null || service is null || region is null || !fine
                ? null
                : new AwsEcsService(cluster, service, region)
                {
                    CapacityGroup = group,
                    InstanceType = instanceType,
                    TasksPerInstance = perInstance ?? 1,
                };
        });
        ProviderChecks.DistinctPerSite(config, services, s => $"{s.Region}/{s.Cluster}/{s.Service}", "service");
        return services.Count == context.Sites.Length && AwsChecks.Fine(config, "scale_timeout", timeout)
            ? new AwsEcsSettings(services) { ScaleTimeout = timeout ?? AwsEcsSettings.DefaultScaleTimeout }
            : null;
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context) =>
        Runtime.AwsRuntime.EcsCompute(settings as AwsEcsSettings ?? throw new ArgumentException("not aws-ecs settings", nameof(settings)), context, Client.AwsClient.FromEnvironment());

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[^:]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupPattern();
}

/// <summary>Settings of the <c>aws-ecs</c> compute provider.</summary>
public sealed record AwsEcsSettings(ImmutableDictionary<string, AwsEcsService> Services) : ProviderSettings
{
    public static readonly TimeSpan DefaultScaleTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long a scale waits for the service's running count to reach its desired count.</summary>
    public TimeSpan ScaleTimeout { get; init; } = DefaultScaleTimeout;
}

/// <summary>One site's ECS service, and the Auto Scaling group that provides its cluster's EC2 capacity.</summary>
public sealed record AwsEcsService(string Cluster, string Service, string Region)
{
    /// <summary>The Auto Scaling group scaled along with the service (<c>capacity_group:</c>); null when the cluster's capacity is not Pilotlight's to scale.</summary>
    public string? CapacityGroup { get; init; }

    /// <summary>The capacity group's EC2 instance type, for <c>pilotlight cost</c>; null when the plan names none.</summary>
    public string? InstanceType { get; init; }

    /// <summary>How many of the service's tasks one instance of the capacity group holds (<c>tasks_per_instance:</c>, default 1).</summary>
    public int TasksPerInstance { get; init; } = 1;
}
