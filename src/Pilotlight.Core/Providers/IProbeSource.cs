using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Providers;

/// <summary>
/// A provider that can check a site for a probe of the plan: the traffic provider through the entry, the compute
/// and database providers straight at the site's own parts. The engine builds its probe set from these.
/// </summary>
public interface IProbeSource
{
    /// <summary>
    /// The check of <paramref name="site"/> for <paramref name="spec"/> from a vantage point of
    /// <paramref name="route"/>, bounded by <paramref name="timeout"/>; null when this provider offers none for it.
    /// </summary>
    IProbe? Probe(string site, ProbeSpec spec, VantageRoute route, TimeSpan timeout);
}
