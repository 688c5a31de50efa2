using System.Collections.Immutable;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Route53;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// <c>aws-route53</c>: the plan's failover record pair, each record held by a CALCULATED health check that Pilotlight
/// forces healthy (HealthThreshold 0) or unhealthy (HealthThreshold above its children), so that Route 53 never flips
/// DNS on its own to a region that cannot take writes yet. Routing is read back from the checks' configuration, never
/// assumed, and never from their reported status (moto reports every check as Success; AWS refuses GetHealthCheckStatus
/// for calculated checks).
/// </summary>
internal sealed class AwsRoute53TrafficProvider(AwsRoute53Settings settings, Route53Api route53) : ITrafficProvider
{
    /// <summary>Both sites' records and checks, every problem with them in one line (thrown: readiness shows it as the entry's problem).</summary>
    public async Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var members = await Route53Pair.ReadAsync(settings, route53, cancellationToken);
        var servers = await Task.WhenAll(members.Select(async m => new TrafficServer(
            m.Site,
            settings.SetIdentifier(m.Site),
            $"{settings.Sites[m.Site].Endpoint} ({m.Failover}, health check {m.Check.Id})",
            CalculatedChecks.Of(m.Check) switch { ForcedHealth.Healthy => "ready", ForcedHealth.Unhealthy => "maint", _ => "by-children" },
            await OperationalAsync(m.Check, cancellationToken))));
        var health = members.ToDictionary(m => m.Site, m => CalculatedChecks.Of(m.Check));
        return new TrafficStatus(Answered(health), [.. servers]);
    }

    /// <summary>
    /// The other site's check unhealthy first (a fence), then this one's healthy: Route 53 never answers both. Both
    /// checks are read before either is changed, so a missing or wrong one changes nothing.
    /// </summary>
    public async Task SwitchAsync(string site, CancellationToken cancellationToken)
    {
        var other = Other(site);
        var fence = ReadAsync(other, cancellationToken);
        var target = ReadAsync(site, cancellationToken);
        await Task.WhenAll(fence, target);
        // With the PRIMARY forced unhealthy and the SECONDARY not yet healthy Route 53 still answers the PRIMARY, so
        // in between DNS names the old site or the new one, never neither and never both.
        await ForceAsync(other, await fence, healthy: false, cancellationToken);
        await ForceAsync(site, await target, healthy: true, cancellationToken);
    }

    /// <summary>
    /// Forces the site's check unhealthy. For the SECONDARY that takes it out of DNS; for the PRIMARY only once the
    /// SECONDARY is healthy — Route 53 answers the PRIMARY whenever the SECONDARY is unhealthy — which
    /// <see cref="IsFencedAsync"/> then reports.
    /// </summary>
    public async Task FenceAsync(string site, CancellationToken cancellationToken) =>
        await ForceAsync(site, await ReadAsync(site, cancellationToken), healthy: false, cancellationToken);

    /// <summary>True only when both checks, read back now, make Route 53 answer the other site; false on any error.</summary>
    public async Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken)
    {
        _ = Site(site);
        var health = new Dictionary<string, ForcedHealth>(StringComparer.Ordinal);
        foreach (var (name, wanted) in settings.Sites)
        {
            var (check, _) = await Route53Pair.CheckAsync(name, wanted.HealthCheck, route53, cancellationToken);
            if (check is null)
            {
                return false;
            }

            health[name] = CalculatedChecks.Of(check);
        }

        return Answered(health) is { } answered && answered != site;
    }

    private string? Answered(Dictionary<string, ForcedHealth> health)
    {
        var secondary = Other(settings.PrimarySite);
        return health.TryGetValue(settings.PrimarySite, out var primaryHealth) && health.TryGetValue(secondary, out var secondaryHealth)
            ? CalculatedChecks.Answered(settings.PrimarySite, primaryHealth, secondary, secondaryHealth)
            : null;
    }

    private async Task<HealthCheck> ReadAsync(string site, CancellationToken cancellationToken)
    {
        var (check, problem) = await Route53Pair.CheckAsync(site, Site(site).HealthCheck, route53, cancellationToken);
        return check ?? throw new InvalidOperationException(problem);
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
            var reports = await Task.WhenAll(check.ChildHealthChecks.Select(c => route53.HealthCheckStatusAsync(c, cancellationToken)));
            var healthy = reports.Count(r => r.Count > 0 && r.Count(s => s.StartsWith("Success", StringComparison.Ordinal)) > 0.18 * r.Count);
            return $"{(healthy == reports.Length ? "UP" : "DOWN")} ({healthy}/{reports.Length} children healthy)";
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return "?";
        }
    }

    private AwsRoute53Site Site(string site) =>
        settings.Sites.TryGetValue(site, out var found) ? found : throw new ArgumentException($"aws-route53: the plan has no record for site '{site}'", nameof(site));

    private string Other(string site)
    {
        _ = Site(site);
        return settings.Sites.Keys.Single(s => s != site);
    }
}
