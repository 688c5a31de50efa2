namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>What a calculated health check's own configuration forces, whatever its children report.</summary>
internal enum ForcedHealth
{
    /// <summary>HealthThreshold 0 (or disabled, or inverted above its children): Route 53 always considers it healthy.</summary>
    Healthy,

    /// <summary>HealthThreshold above its number of children, not inverted, not disabled: always unhealthy.</summary>
    Unhealthy,

    /// <summary>Its children decide (or it is no calculated check): nothing is provable from the configuration.</summary>
    ByChildren,
}
