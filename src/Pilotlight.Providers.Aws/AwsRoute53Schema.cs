using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary><c>traffic.provider: aws-route53</c> — a failover record pair in a hosted zone.</summary>
internal sealed partial class AwsRoute53Schema : IProviderSchema
{
    private const string DnsRule = "a DNS name such as shop.example.com";

    public ResourceKind Kind => ResourceKind.Traffic;

    public string Name => "aws-route53";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var zone = ProviderChecks.Named(config, "hosted_zone_id", ZonePattern(), "a hosted zone id such as Z0123456789ABCDEFGHIJ");
        var record = ProviderChecks.Named(config, "record_name", DnsPattern(), DnsRule);
        var ttl = config.Number("ttl", min: 0, max: 172800) ?? (config.Has("ttl") ? null : 60);
        var endpoints = context.ReadPerSite(config, (block, _) => ProviderChecks.Named(block, "endpoint", DnsPattern(), "the DNS name of the site's load balancer, e.g. shop-eu.elb.amazonaws.com"));
        ProviderChecks.DistinctPerSite(config, endpoints, e => e, "endpoint");
        return zone is null || record is null || ttl is null || endpoints.Count != context.Sites.Length
            ? null
            : new AwsRoute53Settings(zone, record, ttl.Value, endpoints);
    }

    [GeneratedRegex("^Z[A-Z0-9]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ZonePattern();

    [GeneratedRegex(@"^(?=.{1,253}\.?$)([a-zA-Z0-9_]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsPattern();
}

/// <summary>Settings of the <c>aws-route53</c> traffic provider.</summary>
public sealed record AwsRoute53Settings(string HostedZoneId, string RecordName, int Ttl, ImmutableDictionary<string, string> Endpoints) : ProviderSettings;
