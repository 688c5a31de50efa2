using System.Collections.Immutable;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Route53;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// One site's half of the failover pair as read from Route 53: its record's role, the record itself, whether it points
/// at the site's fence endpoint, and the health check that holds it.
/// </summary>
internal sealed record Route53Member(string Site, string Failover, RecordSet Record, bool Fenced, HealthCheck Check);

/// <summary>
/// The plan's failover pair as Route 53 has it: both records present in the zone (SetIdentifier, PRIMARY/SECONDARY,
/// the plan's health check, pointing at the plan's endpoint or, fenced, at the site's fence endpoint) and both health
/// checks CALCULATED. Every mismatch is one problem naming the resource and, for a failed call, the AWS error code;
/// the problems together are one line (readiness shows it).
/// </summary>
internal static class Route53Pair
{
    /// <summary>Both sites' members, PRIMARY first.</summary>
    public static Task<ImmutableArray<Route53Member>> ReadAsync(AwsRoute53Settings settings, Route53Api route53, CancellationToken cancellationToken) =>
        ReadAsync(settings, route53, [.. settings.Sites.Keys], cancellationToken);

    /// <summary>The members of <paramref name="sites"/> only (a fence reads its own site's record and check, nothing of the other's).</summary>
    public static async Task<ImmutableArray<Route53Member>> ReadAsync(AwsRoute53Settings settings, Route53Api route53, IReadOnlyCollection<string> sites, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var records = RecordsAsync(settings, route53, cancellationToken);
        var checks = settings.Sites.Where(s => sites.Contains(s.Key)).ToDictionary(s => s.Key, s => CheckAsync(s.Key, s.Value.HealthCheck, route53, cancellationToken));
        await Task.WhenAll([records, .. checks.Values]);
        var (found, zoneProblem) = await records;
        if (zoneProblem is not null)
        {
            problems.Add(zoneProblem);
        }

        var members = ImmutableArray.CreateBuilder<Route53Member>();
        foreach (var (site, wanted) in settings.Sites.Where(s => sites.Contains(s.Key)).OrderBy(s => s.Key != settings.PrimarySite))
        {
            var record = found?.FirstOrDefault(r => RecordTargets.SameName(r.Name, settings.RecordName) && r.SetIdentifier == settings.SetIdentifier(site));
            if (found is not null && RecordProblem(settings, site, wanted, record) is { } recordProblem)
            {
                problems.Add(recordProblem);
            }

            var (check, checkProblem) = await checks[site];
            if (checkProblem is not null)
            {
                problems.Add(checkProblem);
            }
            else if (check is not null && record is not null)
            {
                members.Add(new Route53Member(site, settings.FailoverOf(site), record, RecordTargets.IsFenced(record, wanted), check));
            }
        }

        return problems.Count == 0 ? members.ToImmutable() : throw new InvalidOperationException(string.Join("; ", problems));
    }

    /// <summary>A site's health check, or why it cannot hold the site's record.</summary>
    public static async Task<(HealthCheck? Check, string? Problem)> CheckAsync(string site, string id, Route53Api route53, CancellationToken cancellationToken)
    {
        try
        {
            var check = await route53.GetHealthCheckAsync(id, cancellationToken);
            return check.Type == CalculatedChecks.Type
                ? (check, null)
                : (null, $"aws-route53 health check {id} of site {site} is {check.Type}, not CALCULATED: Pilotlight cannot hold its record");
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return (null, $"aws-route53 health check {id} of site {site}: {e.Message}");
        }
    }

    /// <summary>How a site's record is named in messages: <c>aws-route53 record shop.example.com. (shop.example.com-eu) of site eu</c>.</summary>
    public static string Describe(AwsRoute53Settings settings, string site) =>
        $"aws-route53 record {RecordTargets.Fqdn(settings.RecordName)} ({settings.SetIdentifier(site)}) of site {site}";

    private static async Task<(IReadOnlyList<RecordSet>? Records, string? Problem)> RecordsAsync(AwsRoute53Settings settings, Route53Api route53, CancellationToken cancellationToken)
    {
        try
        {
            return (await route53.ListRecordSetsAsync(settings.HostedZoneId, RecordTargets.Fqdn(settings.RecordName), null, cancellationToken), null);
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return (null, $"aws-route53 hosted zone {settings.HostedZoneId}: {e.Message}");
        }
    }

    /// <summary>A record pointing at its fence endpoint is fenced, not a problem; one the fence endpoint cannot replace is.</summary>
    private static string? RecordProblem(AwsRoute53Settings settings, string site, AwsRoute53Site wanted, RecordSet? record)
    {
        var name = Describe(settings, site);
        var target = record is null ? null : RecordTargets.Target(record);
        return record switch
        {
            null => $"{name}: not in hosted zone {settings.HostedZoneId}",
            _ when record.Failover != settings.FailoverOf(site) => $"{name} is {record.Failover ?? "no failover record"}, not {settings.FailoverOf(site)}",
            _ when !string.Equals(record.HealthCheckId, wanted.HealthCheck, StringComparison.OrdinalIgnoreCase) => $"{name} is held by health check {record.HealthCheckId ?? "none"}, not the plan's {wanted.HealthCheck}",
            _ when target is null || !(RecordTargets.SameName(target, wanted.Endpoint) || RecordTargets.IsFenced(record, wanted)) =>
                $"{name} points at {target ?? "several values"}, not the plan's endpoint {wanted.Endpoint}{(wanted.FenceEndpoint is { } fence ? $" or its fence endpoint {fence}" : "")}",
            _ when wanted.FenceEndpoint is { } fence && RecordTargets.Unfit(record, fence) is { } unfit => $"{name}: fence_endpoint {fence} {unfit}",
            _ => null,
        };
    }
}
