using System.Collections.Immutable;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Route53;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>One site's half of the failover pair: its record's role and the health check that holds it, as read from Route 53.</summary>
internal sealed record Route53Member(string Site, string Failover, HealthCheck Check);

/// <summary>
/// The plan's failover pair as Route 53 has it: both records present in the zone (SetIdentifier, PRIMARY/SECONDARY,
/// the plan's endpoint and health check) and both health checks CALCULATED. Every mismatch is one problem naming the
/// resource and, for a failed call, the AWS error code; the problems together are one line (readiness shows it).
/// </summary>
internal static class Route53Pair
{
    public static async Task<ImmutableArray<Route53Member>> ReadAsync(AwsRoute53Settings settings, Route53Api route53, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var records = RecordsAsync(settings, route53, cancellationToken);
        var checks = settings.Sites.ToDictionary(s => s.Key, s => CheckAsync(s.Key, s.Value.HealthCheck, route53, cancellationToken));
        await Task.WhenAll([records, .. checks.Values]);
        var (found, zoneProblem) = await records;
        if (zoneProblem is not null)
        {
            problems.Add(zoneProblem);
        }

        var members = ImmutableArray.CreateBuilder<Route53Member>();
        foreach (var (site, wanted) in settings.Sites.OrderBy(s => s.Key != settings.PrimarySite))
        {
            var failover = settings.FailoverOf(site);
            if (found is not null && RecordProblem(settings, site, wanted, found) is { } recordProblem)
            {
                problems.Add(recordProblem);
            }

            var (check, checkProblem) = await checks[site];
            if (checkProblem is not null)
            {
                problems.Add(checkProblem);
            }
            else if (check is not null)
            {
                members.Add(new Route53Member(site, failover, check));
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

    private static async Task<(IReadOnlyList<RecordSet>? Records, string? Problem)> RecordsAsync(AwsRoute53Settings settings, Route53Api route53, CancellationToken cancellationToken)
    {
        try
        {
            return (await route53.ListRecordSetsAsync(settings.HostedZoneId, Fqdn(settings.RecordName), null, cancellationToken), null);
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return (null, $"aws-route53 hosted zone {settings.HostedZoneId}: {e.Message}");
        }
    }

    private static string? RecordProblem(AwsRoute53Settings settings, string site, AwsRoute53Site wanted, IReadOnlyList<RecordSet> found)
    {
        var id = settings.SetIdentifier(site);
        var name = $"aws-route53 record {Fqdn(settings.RecordName)} ({id}) of site {site}";
        var record = found.FirstOrDefault(r => SameName(r.Name, settings.RecordName) && r.SetIdentifier == id);
        var target = record?.Alias?.DnsName ?? (record?.Values.Length == 1 ? record.Values[0] : null);
        return record switch
        {
            null => $"{name}: not in hosted zone {settings.HostedZoneId}",
            _ when record.Failover != settings.FailoverOf(site) => $"{name} is {record.Failover ?? "no failover record"}, not {settings.FailoverOf(site)}",
            _ when !string.Equals(record.HealthCheckId, wanted.HealthCheck, StringComparison.OrdinalIgnoreCase) => $"{name} is held by health check {record.HealthCheckId ?? "none"}, not the plan's {wanted.HealthCheck}",
            _ when target is null || !SameName(target, wanted.Endpoint) => $"{name} points at {target ?? "several values"}, not the plan's endpoint {wanted.Endpoint}",
            _ => null,
        };
    }

    private static string Fqdn(string name) => name.EndsWith('.') ? name : name + ".";

    private static bool SameName(string a, string b) => string.Equals(Fqdn(a), Fqdn(b), StringComparison.OrdinalIgnoreCase);
}
