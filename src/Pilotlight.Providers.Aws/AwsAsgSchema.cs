using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary><c>compute.provider: aws-asg</c> — an Auto Scaling group per site, resized between pilot and full.</summary>
internal sealed partial class AwsAsgSchema : IProviderFactory
{
    private const string Rule = "1-255 characters, no colon";

    public ResourceKind Kind => ResourceKind.Compute;

    public string Name => "aws-asg";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var groups = context.ReadPerSite(config, (block, site) =>
        {
            var group = ProviderChecks.Named(block, "group", GroupPattern(), Rule);
            var region = AwsChecks.Region(block, site);
            var instanceType = AwsChecks.InstanceType(block);
            return group is null || region is null || !AwsChecks.Fine(block, "instance_type", instanceType)
                ? null
                : new AwsAsgGroup(group, region) { InstanceType = instanceType };
        });
        return groups.Count == context.Sites.Length ? new AwsAsgSettings(groups) : null;
    }

    [GeneratedRegex("^[^:]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupPattern();

    public object Create(ProviderSettings settings, ProviderBuildContext context) => Runtime.AwsRuntime.Compute(settings as AwsAsgSettings ?? throw new ArgumentException("not aws-asg settings", nameof(settings)), context, Client.AwsClient.FromEnvironment());
}

/// <summary>Settings of the <c>aws-asg</c> compute provider.</summary>
public sealed record AwsAsgSettings(ImmutableDictionary<string, AwsAsgGroup> Groups) : ProviderSettings;

/// <summary>One site's Auto Scaling group.</summary>
public sealed record AwsAsgGroup(string Group, string Region)
{
    /// <summary>The group's EC2 instance type (<c>instance_type:</c>), for <c>pilotlight cost</c>; null when the plan names none.</summary>
    public string? InstanceType { get; init; }
}
