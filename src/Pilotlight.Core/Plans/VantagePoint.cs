namespace Pilotlight.Core.Plans;

/// <summary>A place probes run from: through the traffic entry as clients see it, or directly at a site's parts.</summary>
public sealed record VantagePoint(string Name, VantageRoute Route);

/// <summary>Which way a vantage point reaches the site.</summary>
public enum VantageRoute
{
    Entry,
    Direct,
}
