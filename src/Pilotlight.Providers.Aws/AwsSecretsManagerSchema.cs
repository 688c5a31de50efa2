using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary>
/// <c>secrets.provider: aws-secrets-manager</c> — a secret in the primary site's region, replicated to the standby's
/// (each site's region: the site's own, or <c>region:</c> in a block named after it).
/// </summary>
internal sealed partial class AwsSecretsManagerSchema : IProviderFactory
{
    public ResourceKind Kind => ResourceKind.Secrets;

    public string Name => "aws-secrets-manager";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var secret = ProviderChecks.Named(config, "secret_id", SecretPattern(), "a secret name or ARN: 1-512 letters, digits and /_+=.@-:");
        var regions = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var site in context.Sites)
        {
            var region = config.Has(site.Name) && config.Map(site.Name) is { } block ? AwsChecks.Region(block, site) : AwsChecks.SiteRegion(config, site);
            if (region is not null)
            {
                regions[site.Name] = region;
            }
        }

        if (regions.Count == context.Sites.Length && regions.Values.Distinct(StringComparer.Ordinal).Count() < regions.Count)
        {
            config.ReportHere($"every site's secret is in region {regions.Values.First()}", "sites in different regions: the secret is replicated from the primary's region to the standby's");
            return null;
        }

        return secret is null || regions.Count != context.Sites.Length ? null : new AwsSecretsManagerSettings(secret, regions.ToImmutable());
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context) =>
        Runtime.AwsRuntime.Secrets(settings as AwsSecretsManagerSettings ?? throw new ArgumentException("not aws-secrets-manager settings", nameof(settings)), Client.AwsClient.FromEnvironment());

    [GeneratedRegex(@"^[A-Za-z0-9/_+=.@:-]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}

/// <summary>Settings of the <c>aws-secrets-manager</c> secrets provider: the secret, and the region of each site.</summary>
public sealed record AwsSecretsManagerSettings(string SecretId, ImmutableDictionary<string, string> Regions) : ProviderSettings;
