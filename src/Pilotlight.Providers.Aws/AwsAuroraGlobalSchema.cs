using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary><c>database.provider: aws-aurora-global</c> — an Aurora global database: one regional cluster per site.</summary>
internal sealed partial class AwsAuroraGlobalSchema : IProviderFactory
{
    private const string Rule = "1-63 letters, digits or hyphens, starting with a letter, no two hyphens in a row, not ending with one";

    public ResourceKind Kind => ResourceKind.Database;

    public string Name => "aws-aurora-global";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var global = Identifier(config, "global_cluster");
        var promotion = config.Choice("promotion", ["failover", "detach"]) == "detach" ? AuroraPromotion.Detach : AuroraPromotion.Failover;
        var clusters = context.ReadPerSite(config, (block, site) =>
        {
            var id = Identifier(block, "cluster");
            var region = AwsChecks.Region(block, site);
            var instanceClass = AwsChecks.InstanceClass(block);
            return id is null || region is null || !AwsChecks.Fine(block, "instance_class", instanceClass)
                ? null
                : new AwsAuroraCluster(id, region) { InstanceClass = instanceClass };
        });
        ProviderChecks.DistinctPerSite(config, clusters, c => $"{c.Region}/{c.Cluster}", "cluster");
        return global is null || clusters.Count != context.Sites.Length ? null : new AwsAuroraGlobalSettings(global, clusters) { Promotion = promotion };
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context) => Runtime.AwsRuntime.AuroraGlobal(settings as AwsAuroraGlobalSettings ?? throw new ArgumentException("not aws-aurora-global settings", nameof(settings)), context, Client.AwsClient.FromEnvironment());

    private static string? Identifier(MapReader block, string key)
    {
        var id = ProviderChecks.Named(block, key, IdentifierPattern(), Rule);
        if (id is not null && id.Contains("--", StringComparison.Ordinal))
        {
            block.Report(key, $"'{id}' is not a valid {key}", Rule);
            return null;
        }

        return id;
    }

    [GeneratedRegex("^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}

/// <summary>Settings of the <c>aws-aurora-global</c> database provider.</summary>
public sealed record AwsAuroraGlobalSettings(string GlobalCluster, ImmutableDictionary<string, AwsAuroraCluster> Clusters) : ProviderSettings
{
    /// <summary>How a secondary is made the writer (<c>promotion: failover | detach</c>, default failover).</summary>
    public AuroraPromotion Promotion { get; init; } = AuroraPromotion.Failover;
}

/// <summary>One site's regional Aurora cluster of the global database.</summary>
public sealed record AwsAuroraCluster(string Cluster, string Region)
{
    /// <summary>The DB instance class of the cluster's instance (<c>instance_class:</c>), for <c>pilotlight cost</c>; null when the plan names none.</summary>
    public string? InstanceClass { get; init; }
}
