using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary><c>traffic.provider: aws-route53</c> — a failover record pair in a hosted zone, held by a calculated health check per site.</summary>
internal sealed partial class AwsRoute53Schema : IProviderFactory
{
    private const string DnsRule = "a DNS name such as shop.example.com";

    public ResourceKind Kind => ResourceKind.Traffic;

    public string Name => "aws-route53";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var zone = ProviderChecks.Named(config, "hosted_zone_id", ZonePattern(), "a hosted zone id such as Z0123456789ABCDEFGHIJ");
        var record = ProviderChecks.Named(config, "record_name", DnsPattern(), DnsRule);
        var ttl = config.Number("ttl", min: 0, max: 172800) ?? (config.Has("ttl") ? null : 60);
        var entryUrl = config.Url("entry_url");
        // The PRIMARY record is the plan's primary site's; the other site's is the SECONDARY.
        var primary = context.Sites.FirstOrDefault(s => s.Role == SiteRole.Primary)?.Name ?? context.Sites.FirstOrDefault()?.Name;
        var sites = context.ReadPerSite(config, (block, site) =>
        {
            var endpoint = ProviderChecks.Named(block, "endpoint", TargetPattern(), "the DNS name of the site's load balancer, e.g. shop-eu.elb.amazonaws.com (an IPv4 address for an A record)");
            var check = ProviderChecks.Named(block, "health_check", HealthCheckPattern(), "the id of the site's CALCULATED Route 53 health check, e.g. 0f6e3c2a-52b1-4c1e-9a3e-6d1f2b3c4d5e");
            var fence = FenceEndpoint(block, endpoint, required: site.Name == primary);
            return endpoint is null || check is null || !AwsChecks.Fine(block, "fence_endpoint", fence) || (fence is null && site.Name == primary)
                ? null
                : new AwsRoute53Site(endpoint, check.ToLowerInvariant()) { FenceEndpoint = fence };
        });
        ProviderChecks.DistinctPerSite(config, sites, s => s.Endpoint, "endpoint");
        ProviderChecks.DistinctPerSite(config, sites, s => s.HealthCheck, "health_check");
        return zone is null || record is null || ttl is null || primary is null || sites.Count != context.Sites.Length || !AwsChecks.Fine(config, "entry_url", entryUrl)
            ? null
            : new AwsRoute53Settings(zone, record, ttl.Value, sites) { PrimarySite = primary, EntryUrl = entryUrl ?? new Uri($"https://{record.TrimEnd('.')}/") };
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Runtime.AwsRuntime.Traffic(settings as AwsRoute53Settings ?? throw new ArgumentException("not aws-route53 settings", nameof(settings)), context.Clock, Client.AwsClient.FromEnvironment());
    }

    /// <summary>
    /// Where the site's record points while it is fenced. Required for the PRIMARY: Route 53 answers the PRIMARY
    /// whenever the SECONDARY is unhealthy, so before the standby is promoted only the record itself can be fenced.
    /// </summary>
    private static string? FenceEndpoint(MapReader block, string? endpoint, bool required)
    {
        const string Rule = "where the site's record points while it is fenced: a maintenance page's load balancer or CloudFront name, or for an A record a TEST-NET address such as 192.0.2.1";
        if (!block.Has("fence_endpoint"))
        {
            if (required)
            {
                block.Report("fence_endpoint", "is missing: the PRIMARY's record cannot be fenced before the standby is promoted without it", Rule);
            }

            return null;
        }

        var fence = ProviderChecks.Named(block, "fence_endpoint", TargetPattern(), Rule);
        if (fence is not null && endpoint is not null && string.Equals(fence.TrimEnd('.'), endpoint.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            block.Report("fence_endpoint", $"is the site's own endpoint ({endpoint})", Rule);
            return null;
        }

        return fence;
    }

    /// <summary>A record target: a DNS name (CNAME or alias) or an IPv4 address (A).</summary>
    [GeneratedRegex(@"^((?=.{1,253}\.?$)([a-zA-Z0-9_]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}\.?|((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d))$", RegexOptions.CultureInvariant)]
    private static partial Regex TargetPattern();

    // AWS ids start with Z; moto's do not, and a zone id is matched against the API anyway.
    [GeneratedRegex("^[A-Z0-9]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ZonePattern();

    [GeneratedRegex(@"^(?=.{1,253}\.?$)([a-zA-Z0-9_]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsPattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex HealthCheckPattern();
}

/// <summary>Settings of the <c>aws-route53</c> traffic provider.</summary>
public sealed record AwsRoute53Settings(string HostedZoneId, string RecordName, int Ttl, ImmutableDictionary<string, AwsRoute53Site> Sites) : ProviderSettings
{
    /// <summary>The site whose record is the PRIMARY of the failover pair (the plan's primary site); the other's is the SECONDARY.</summary>
    public required string PrimarySite { get; init; }

    /// <summary>Where clients reach the workload: <c>entry_url</c>, by default https://&lt;record_name&gt;/ (drills' smoke checks, load).</summary>
    public Uri? EntryUrl { get; init; }

    /// <summary>The record's SetIdentifier for <paramref name="site"/>: <c>&lt;record_name&gt;-&lt;site&gt;</c>.</summary>
    public string SetIdentifier(string site) => $"{RecordName.TrimEnd('.')}-{site}";

    /// <summary>PRIMARY or SECONDARY.</summary>
    public string FailoverOf(string site) => site == PrimarySite ? "PRIMARY" : "SECONDARY";
}

/// <summary>One site's failover record target (its load balancer's DNS name) and the calculated health check that holds the record.</summary>
public sealed record AwsRoute53Site(string Endpoint, string HealthCheck)
{
    /// <summary>Where the record points while the site is fenced (required for the PRIMARY); null: fenced by its health check only.</summary>
    public string? FenceEndpoint { get; init; }
}
