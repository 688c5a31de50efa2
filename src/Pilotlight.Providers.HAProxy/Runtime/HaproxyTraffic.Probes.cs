using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;

namespace Pilotlight.Providers.HAProxy;

/// <summary>Checks through the entry, as clients see it: HTTP at the entry URL, TCP at its host and port.</summary>
internal sealed partial class HaproxyTraffic
{
    // One client for every probe of every entry: a client per probe would leave a socket behind each time.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each probe bounds itself
    };

    /// <summary>
    /// For the entry route only: an HTTP probe at its url, else at the entry URL plus its path; a TCP probe without an
    /// address at the entry's host and port. Null for the direct route and for other probes.
    /// </summary>
    public IProbe? Probe(string site, ProbeSpec spec, VantageRoute route, TimeSpan timeout)
    {
        if (route != VantageRoute.Entry)
        {
            return null;
        }

        return spec switch
        {
            HttpProbeSpec http when (http.Url ?? AtEntry(http.Path)) is { } url =>
                new HttpProbe(http.Name, url, http.ExpectStatus, http.BodyContains, http.MaxLatency, timeout, Http),
            TcpProbeSpec { Address: null } tcp => new TcpProbe(tcp.Name, EntryUrl.DnsSafeHost, EntryUrl.Port, timeout),
            _ => null,
        };
    }

    private Uri? AtEntry(string? path) =>
        path is null ? null : new Uri(EntryUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + path);
}
