using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider
{
    /// <summary>
    /// Straight at a site's server only: a SQL probe over a control connection (no pooling, the password read at
    /// each run), or a TCP connect to its port when the probe names no address. Probes through the traffic entry
    /// are the traffic provider's.
    /// </summary>
    public IProbe? Probe(string site, ProbeSpec spec, VantageRoute route, TimeSpan timeout)
    {
        if (route != VantageRoute.Direct || !_servers.TryGetValue(site, out var server))
        {
            return null;
        }

        return spec switch
        {
            SqlProbeSpec sql => new SqlProbe(sql.Name, server.ControlConnection, sql.Query, timeout, server.Describe),
            TcpProbeSpec { Address: null } tcp => new TcpProbe(tcp.Name, server.Host, server.Port, timeout),
            _ => null,
        };
    }
}
