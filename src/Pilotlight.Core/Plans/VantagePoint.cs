namespace Pilotlight.Core.Plans;

/// <summary>
/// A place probes run from: through the traffic entry as clients see it, directly at a site's parts, or the traffic
/// provider's own health checkers (Route 53's, for <c>aws-route53</c>).
/// </summary>
public sealed record VantagePoint(string Name, VantageRoute Route);

/// <summary>Which way a vantage point reaches the site.</summary>
public enum VantageRoute
{
    Entry,
    Direct,

    /// <summary>
    /// <c>via: traffic</c>: what the traffic provider's own checkers report of the site (outside this machine); each
    /// HTTP probe of the plan stands for that report, whatever its URL. Other probes and providers offer none.
    /// </summary>
    Traffic,
}
