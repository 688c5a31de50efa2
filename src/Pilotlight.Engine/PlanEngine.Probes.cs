using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>The placeholder a probe's <c>body_contains</c> may use for the name of the site it checks.</summary>
    public const string SitePlaceholder = "{site}";

    /// <summary>
    /// The plan's probes of a site, per vantage point, from the providers that offer them: through the entry (the
    /// traffic provider), straight at the site's parts (compute, database), or by the traffic provider's own checkers.
    /// An HTTP probe with an absolute URL is run as written, except by those checkers (they report what they check).
    /// A probe no provider offers for a vantage point is left out of it. Built once per site: the
    /// plan and its providers do not change under an engine, and the probe loop asks every round.
    /// </summary>
    internal IReadOnlyDictionary<string, IReadOnlyList<IProbe>> Probes(string site) => _probes.GetOrAdd(site, BuildProbes);

    private Dictionary<string, IReadOnlyList<IProbe>> BuildProbes(string site)
    {
        var timeout = Plan.Health.Timeout;
        var sources = Providers.ProbeSources.ToList();
        var result = new Dictionary<string, IReadOnlyList<IProbe>>(StringComparer.Ordinal);
        foreach (var vantage in Plan.Health.VantagePoints)
        {
            var probes = new List<IProbe>();
            foreach (var spec in Plan.Health.Probes.Select(s => ForSite(s, site)))
            {
                if (spec is HttpProbeSpec { Url: { } url } http && vantage.Route != VantageRoute.Traffic)
                {
                    probes.Add(new HttpProbe(http.Name, url, http.ExpectStatus, http.BodyContains, http.MaxLatency, timeout, Http));
                    continue;
                }

                if (sources.Select(s => s.Probe(site, spec, vantage.Route, timeout)).FirstOrDefault(p => p is not null) is { } probe)
                {
                    probes.Add(probe);
                }
            }

            if (probes.Count > 0)
            {
                result[vantage.Name] = probes;
            }
        }

        return result;
    }

    private static ProbeSpec ForSite(ProbeSpec spec, string site) =>
        spec is HttpProbeSpec { BodyContains: { } body } http && body.Contains(SitePlaceholder, StringComparison.Ordinal)
            ? http with { BodyContains = body.Replace(SitePlaceholder, site, StringComparison.Ordinal) }
            : spec;
}
