using System.Net;
using System.Net.Sockets;
using Pilotlight.Providers.Aws.Client.Route53;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// Where a failover record points and how it is pointed elsewhere: a plain record's single value, or an alias's DNS
/// name (kept in its alias target's hosted zone, so a fence endpoint of an alias record must live in that zone too).
/// </summary>
internal static class RecordTargets
{
    /// <summary>The record's one target; null when it has several values (Pilotlight cannot tell which is the site).</summary>
    public static string? Target(RecordSet record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Alias?.DnsName ?? (record.Values.Length == 1 ? record.Values[0] : null);
    }

    /// <summary>True when the record points at the site's fence endpoint.</summary>
    public static bool IsFenced(RecordSet record, AwsRoute53Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.FenceEndpoint is { } fence && Target(record) is { } target && SameName(target, fence);
    }

    /// <summary>The same record (name, type, SetIdentifier, failover role, health check, TTL) pointing at <paramref name="endpoint"/>.</summary>
    public static RecordSet Retarget(RecordSet record, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Alias is { } alias ? record with { Alias = alias with { DnsName = endpoint } } : record with { Values = [endpoint] };
    }

    /// <summary>Why <paramref name="endpoint"/> cannot be the record's target (an A record takes an IPv4 address, a CNAME or an alias a DNS name); null when it can.</summary>
    public static string? Unfit(RecordSet record, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(record);
        var isAddress = IPAddress.TryParse(endpoint, out var address) && address.AddressFamily == AddressFamily.InterNetwork;
        return (record.Alias, record.Type, isAddress) switch
        {
            (not null, _, true) => "is an address; expected a DNS name in the alias target's hosted zone (an alias record stays an alias)",
            (null, "A", false) => "is no IPv4 address; expected one for an A record, e.g. 192.0.2.1",
            (null, not "A", true) => $"is an address; expected a DNS name for a {record.Type} record",
            _ => null,
        };
    }

    public static string Fqdn(string name) => name.EndsWith('.') ? name : name + ".";

    public static bool SameName(string a, string b) => string.Equals(Fqdn(a), Fqdn(b), StringComparison.OrdinalIgnoreCase);
}
