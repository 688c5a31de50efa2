using System.Collections.Immutable;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Route53;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// <c>aws-route53</c>: the plan's failover record pair, each record held by a CALCULATED health check that Pilotlight
/// forces healthy (HealthThreshold 0) or unhealthy (HealthThreshold above its children), so that Route 53 never flips
/// DNS on its own to a region that cannot take writes yet. A fence also points the site's record at its fence endpoint:
/// Route 53 answers the PRIMARY whenever the SECONDARY is unhealthy, so before the standby is promoted only the record
/// itself keeps users away from the lost PRIMARY. Routing is read back from the records and the checks' configuration,
/// never assumed, and never from the checks' reported status (moto reports every check as Success; AWS refuses
/// GetHealthCheckStatus for calculated checks). That status, of the calculated checks' children, is health evidence
/// instead: a <c>via: traffic</c> vantage point (<see cref="Route53CheckersProbe"/>).
/// </summary>
internal sealed class AwsRoute53TrafficProvider(AwsRoute53Settings settings, Route53Api route53, TimeProvider clock) : ITrafficProvider, IOperationTimeouts, IProbeSource
{
    /// <summary>
    /// A record change is waited for until INSYNC (AWS: under a minute, usually); one verify attempt through the entry
    /// may meet resolvers still caching the old answer for the record's TTL.
    /// </summary>
    public Uri? EntryUrl => settings.EntryUrl;

    public TimeSpan? TimeoutFor(ProviderOperation operation) => operation switch
    {
        ProviderOperation.TrafficChange => TimeSpan.FromMinutes(3),
        ProviderOperation.Verify => TimeSpan.FromSeconds(30),
        _ => null,
    };

    private static readonly TimeSpan ChangePollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Both sites' records and checks, every problem with them in one line (thrown: readiness shows it as the entry's problem).</summary>
    public async Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var members = await Route53Pair.ReadAsync(settings, route53, cancellationToken);
        var servers = await Task.WhenAll(members.Select(async m => new TrafficServer(
            m.Site,
            settings.SetIdentifier(m.Site),
            $"{RecordTargets.Target(m.Record)} ({m.Failover}{(m.Fenced ? ", fenced" : "")}, health check {m.Check.Id})",
            m.Fenced ? "maint" : CalculatedChecks.Of(m.Check) switch { ForcedHealth.Healthy => "ready", ForcedHealth.Unhealthy => "maint", _ => "by-children" },
            await OperationalAsync(m.Check, cancellationToken))));
        var answered = Answered(members.ToDictionary(m => m.Site, m => CalculatedChecks.Of(m.Check)));
        // Route 53 answering a fenced record sends clients to the fence endpoint: no site is active.
        return new TrafficStatus(members.Any(m => m.Site == answered && !m.Fenced) ? answered : null, [.. servers]);
    }

    /// <summary>
    /// The other site fenced first (its record at its fence endpoint, its check unhealthy), then this site's record
    /// back at its endpoint and its check healthy: Route 53 never answers both, and in between it answers one site or
    /// a fence endpoint. Both records and checks are read before anything is changed, so a missing or wrong one changes
    /// nothing; every step is skipped when already done, so a switch interrupted between its halves resumes.
    /// </summary>
    public async Task SwitchAsync(string site, CancellationToken cancellationToken)
    {
        var other = Other(site);
        var members = (await Route53Pair.ReadAsync(settings, route53, cancellationToken)).ToDictionary(m => m.Site);
        await FenceAsync(members[other], cancellationToken);
        var target = members[site];
        if (target.Fenced)
        {
            await PointAsync(target, Site(site).Endpoint, $"switch to site {site}", cancellationToken);
        }

        await ForceAsync(site, target.Check, healthy: true, cancellationToken);
    }

    /// <summary>
    /// Points the site's record at its fence endpoint (waiting until Route 53 has it INSYNC) and forces its check
    /// unhealthy. A site without a fence endpoint (only the SECONDARY may lack one) is fenced by its check alone.
    /// </summary>
    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        _ = Site(site);
        await FenceAsync((await Route53Pair.ReadAsync(settings, route53, [site], cancellationToken)).Single(), cancellationToken);
    }

    /// <summary>
    /// True when the site's record, read back now, points at its fence endpoint, or when both checks make Route 53
    /// answer the other site; false on any error.
    /// </summary>
    public async Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken)
    {
        _ = Site(site);
        try
        {
            if ((await Route53Pair.ReadAsync(settings, route53, [site], cancellationToken)).Single().Fenced)
            {
                return true;
            }
        }
        catch (InvalidOperationException)
        {
            // The record or check is missing or wrong (the problem is readiness's to show): nothing is provable.
            return false;
        }

        var health = new Dictionary<string, ForcedHealth>(StringComparer.Ordinal);
        foreach (var (name, check) in settings.Sites)
        {
            var (found, _) = await Route53Pair.CheckAsync(name, check.HealthCheck, route53, cancellationToken);
            if (found is null)
            {
                return false;
            }

            health[name] = CalculatedChecks.Of(found);
        }

        return Answered(health) is { } answered && answered != site;
    }

    private async Task FenceAsync(Route53Member member, CancellationToken cancellationToken)
    {
        if (Site(member.Site).FenceEndpoint is { } fence && !member.Fenced)
        {
            await PointAsync(member, fence, $"fence site {member.Site}", cancellationToken);
        }

        await ForceAsync(member.Site, member.Check, healthy: false, cancellationToken);
    }

    /// <summary>
    /// UPSERTs the member's record (same name, type, SetIdentifier, role, health check, TTL) to <paramref name="endpoint"/>
    /// and waits for the change to be INSYNC (every Route 53 authoritative server answers it): a fence that only the
    /// API has is none. The step's own timeout bounds the wait.
    /// </summary>
    private async Task PointAsync(Route53Member member, string endpoint, string why, CancellationToken cancellationToken)
    {
        try
        {
            var (id, status) = await route53.ChangeRecordSetsAsync(settings.HostedZoneId, $"pilotlight: {why}", [new RecordChange("UPSERT", RecordTargets.Retarget(member.Record, endpoint))], cancellationToken);
            while (status != "INSYNC")
            {
                await Task.Delay(ChangePollInterval, clock, cancellationToken);
                status = await route53.GetChangeStatusAsync(id, cancellationToken);
            }
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            throw new InvalidOperationException($"{Route53Pair.Describe(settings, member.Site)}, pointing it at {endpoint}: {e.Message}", e);
        }
    }

    private string? Answered(Dictionary<string, ForcedHealth> health)
    {
        var secondary = Other(settings.PrimarySite);
        return health.TryGetValue(settings.PrimarySite, out var primaryHealth) && health.TryGetValue(secondary, out var secondaryHealth)
            ? CalculatedChecks.Answered(settings.PrimarySite, primaryHealth, secondary, secondaryHealth)
            : null;
    }

    private async Task ForceAsync(string site, HealthCheck check, bool healthy, CancellationToken cancellationToken)
    {
        if (CalculatedChecks.Of(check) == (healthy ? ForcedHealth.Healthy : ForcedHealth.Unhealthy) && !check.Inverted && !check.Disabled)
        {
            return;
        }

        try
        {
            await route53.UpdateHealthCheckAsync(CalculatedChecks.Force(check, healthy), cancellationToken);
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            throw new InvalidOperationException($"aws-route53 health check {check.Id} of site {site}: {e.Message}", e);
        }
    }

    /// <summary>
    /// What Route 53's checkers say of the check's children (the site's own endpoint checks): UP when every child is
    /// healthy (more than 18 % of its checkers report Success, as Route 53 counts it), DOWN otherwise; "unchecked"
    /// without children, "?" when a child's status cannot be read.
    /// </summary>
    private async Task<string> OperationalAsync(HealthCheck check, CancellationToken cancellationToken)
    {
        if (check.ChildHealthChecks.IsEmpty)
        {
            return "unchecked";
        }

        try
        {
            var judged = await EndpointChecks.JudgeAsync(route53, check.ChildHealthChecks, cancellationToken);
            return $"{(judged.Healthy == judged.Total ? "UP" : "DOWN")} ({judged.Healthy}/{judged.Total} children healthy)";
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return "?";
        }
    }

    /// <summary>
    /// From a <c>via: traffic</c> vantage point, each HTTP probe of the plan is what Route 53's checkers report of the
    /// site's endpoint checks (<see cref="Route53CheckersProbe"/>); no other probe or route.
    /// </summary>
    public IProbe? Probe(string site, ProbeSpec spec, VantageRoute route, TimeSpan timeout) =>
        route == VantageRoute.Traffic && spec is HttpProbeSpec && settings.Sites.TryGetValue(site, out var planned)
            ? new Route53CheckersProbe(spec.Name, site, planned.HealthCheck, route53, timeout)
            : null;

    private AwsRoute53Site Site(string site) =>
        settings.Sites.TryGetValue(site, out var found) ? found : throw new ArgumentException($"aws-route53: the plan has no record for site '{site}'", nameof(site));

    private string Other(string site)
    {
        _ = Site(site);
        return settings.Sites.Keys.Single(s => s != site);
    }
}
