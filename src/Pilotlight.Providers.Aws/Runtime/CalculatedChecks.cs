using Pilotlight.Providers.Aws.Client.Route53;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>Reads and writes the forced state of a CALCULATED check (see the HealthThreshold notes of the Route 53 API).</summary>
internal static class CalculatedChecks
{
    public const string Type = "CALCULATED";

    /// <summary>Read from the configuration only: moto reports every check as Success, and AWS refuses GetHealthCheckStatus for calculated checks.</summary>
    public static ForcedHealth Of(HealthCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Type != Type || check.HealthThreshold is not { } threshold)
        {
            return ForcedHealth.ByChildren;
        }

        if (check.Disabled)
        {
            // Route 53 considers a disabled health check healthy.
            return ForcedHealth.Healthy;
        }

        var raw = threshold == 0 ? ForcedHealth.Healthy : threshold > check.ChildHealthChecks.Length ? ForcedHealth.Unhealthy : ForcedHealth.ByChildren;
        return !check.Inverted ? raw : raw switch
        {
            ForcedHealth.Healthy => ForcedHealth.Unhealthy,
            ForcedHealth.Unhealthy => ForcedHealth.Healthy,
            _ => ForcedHealth.ByChildren,
        };
    }

    /// <summary>
    /// The update that forces <paramref name="check"/> healthy (threshold 0) or unhealthy (one above its children),
    /// keeping its children, not inverted, not disabled; against the version read (AWS refuses it if the check changed since).
    /// </summary>
    public static HealthCheckUpdate Force(HealthCheck check, bool healthy)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new HealthCheckUpdate
        {
            HealthCheckId = check.Id,
            Version = check.Version,
            Inverted = false,
            Disabled = false,
            HealthThreshold = healthy ? 0 : check.ChildHealthChecks.Length + 1,
        };
    }

    /// <summary>
    /// The site Route 53 provably answers for a failover pair, by the documented rules: the PRIMARY while it is healthy
    /// or while the SECONDARY is unhealthy (whatever the PRIMARY's health), else the SECONDARY when it is healthy;
    /// null when the children decide.
    /// </summary>
    public static string? Answered(string primary, ForcedHealth primaryHealth, string secondary, ForcedHealth secondaryHealth) =>
        primaryHealth == ForcedHealth.Healthy || secondaryHealth == ForcedHealth.Unhealthy ? primary
        : primaryHealth == ForcedHealth.Unhealthy && secondaryHealth == ForcedHealth.Healthy ? secondary
        : null;
}
