using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary><c>database.provider: aws-rds</c> — an RDS instance and its cross-region read replica.</summary>
internal sealed partial class AwsRdsSchema : IProviderFactory
{
    private const string Rule = "1-63 letters, digits or hyphens, starting with a letter, no two hyphens in a row, not ending with one";

    public ResourceKind Kind => ResourceKind.Database;

    public string Name => "aws-rds";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var instances = context.ReadPerSite(config, (block, site) =>
        {
            var id = ProviderChecks.Named(block, "instance", InstancePattern(), Rule);
            var region = AwsChecks.Region(block, site);
            var instanceClass = AwsChecks.InstanceClass(block);
            var fence = AwsChecks.SecurityGroup(block, "fence_security_group");
            return id is null || region is null || id.Contains("--", StringComparison.Ordinal) || !AwsChecks.Fine(block, "instance_class", instanceClass) || !AwsChecks.Fine(block, "fence_security_group", fence)
                ? null
                : new AwsRdsInstance(id, region) { InstanceClass = instanceClass, FenceSecurityGroup = fence };
        });
        ProviderChecks.DistinctPerSite(config, instances, i => $"{i.Region}/{i.Instance}", "instance");
        return instances.Count == context.Sites.Length ? new AwsRdsSettings(instances) : null;
    }

    [GeneratedRegex("^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex InstancePattern();

    public object Create(ProviderSettings settings, ProviderBuildContext context) => Runtime.AwsRuntime.Database(settings as AwsRdsSettings ?? throw new ArgumentException("not aws-rds settings", nameof(settings)), context, Client.AwsClient.FromEnvironment());
}

/// <summary>Settings of the <c>aws-rds</c> database provider.</summary>
public sealed record AwsRdsSettings(ImmutableDictionary<string, AwsRdsInstance> Instances) : ProviderSettings;

/// <summary>One site's DB instance identifier and region.</summary>
public sealed record AwsRdsInstance(string Instance, string Region)
{
    /// <summary>The instance's DB instance class (<c>instance_class:</c>), for <c>pilotlight cost</c>; null when the plan names none.</summary>
    public string? InstanceClass { get; init; }

    /// <summary>
    /// The VPC security group that admits no client (<c>fence_security_group:</c>): the instance's groups are replaced by
    /// it, and the instance rebooted, to fence it; null when the plan names none (the instance cannot be fenced).
    /// </summary>
    public string? FenceSecurityGroup { get; init; }
}
