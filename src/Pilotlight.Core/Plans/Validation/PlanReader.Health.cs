using System.Collections.Immutable;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Core.Plans.Validation;

internal sealed partial class PlanReader
{
    private static readonly string[] ProbeTypes = ["http", "tcp", "sql"];

    private static readonly string[] RouteWords = ["entry", "direct", "traffic"];

    private static readonly HealthSettings NoHealth = new()
    {
        Interval = TimeSpan.FromSeconds(10),
        Timeout = TimeSpan.FromSeconds(5),
        FailureThreshold = 3,
        RecoveryThreshold = 3,
        Quorum = 1,
        VantagePoints = [new VantagePoint("entry", VantageRoute.Entry)],
        Probes = [],
    };

    private static HealthSettings? ReadHealth(MapReader top)
    {
        var map = top.Map("health");
        if (map is null)
        {
            return top.Has("health") ? null : NoHealth;
        }

        var interval = map.Duration("interval") ?? (map.Has("interval") ? null : NoHealth.Interval);
        var timeout = map.Duration("timeout") ?? (map.Has("timeout") ? null : DefaultTimeout(interval));
        if (map.Has("timeout") && interval is not null && timeout is not null && timeout >= interval)
        {
            map.Report("timeout", $"{Words(timeout.Value)} is not shorter than the interval {Words(interval.Value)}", "a timeout below the interval");
            timeout = null;
        }

        var failures = map.Number("failure_threshold", min: 1, max: 100) ?? (map.Has("failure_threshold") ? null : NoHealth.FailureThreshold);
        var recoveries = map.Number("recovery_threshold", min: 1, max: 100) ?? (map.Has("recovery_threshold") ? null : NoHealth.RecoveryThreshold);
        var vantagePoints = ReadVantagePoints(map);
        var quorum = map.Number("quorum", min: 1);
        if (quorum is not null && vantagePoints is not null && quorum > vantagePoints.Value.Length)
        {
            map.Report("quorum", $"{quorum} exceeds the {vantagePoints.Value.Length} vantage point(s)", $"a quorum from 1 to {vantagePoints.Value.Length}");
            quorum = null;
        }
        else if (quorum is null && !map.Has("quorum") && vantagePoints is not null)
        {
            quorum = (vantagePoints.Value.Length / 2) + 1;
        }

        var probes = ReadProbes(map, top.Has("database"), timeout, map.Has("timeout"));
        map.RejectUnknownKeys();
        if (interval is null || timeout is null || failures is null || recoveries is null || vantagePoints is null || quorum is null || probes is null)
        {
            return null;
        }

        return new HealthSettings
        {
            Interval = interval.Value,
            Timeout = timeout.Value,
            FailureThreshold = failures.Value,
            RecoveryThreshold = recoveries.Value,
            Quorum = quorum.Value,
            VantagePoints = vantagePoints.Value,
            Probes = probes.Value,
        };
    }

    private static ImmutableArray<VantagePoint>? ReadVantagePoints(MapReader health)
    {
        if (!health.Has("vantage_points"))
        {
            health.Accept("vantage_points");
            return NoHealth.VantagePoints;
        }

        var items = health.MapList("vantage_points");
        var result = ImmutableArray.CreateBuilder<VantagePoint>();
        var fine = items.Count > 0;
        if (items.Count == 0)
        {
            health.Report("vantage_points", "is empty", "at least one vantage point");
        }

        foreach (var item in items)
        {
            var name = ReadName(item, "name");
            var via = item.Choice("via", RouteWords, required: true);
            item.RejectUnknownKeys();
            if (name is not null && result.Any(v => v.Name == name))
            {
                item.Report("name", $"'{name}' names another vantage point too", "unique vantage point names");
                name = null;
            }

            if (name is null || via is null)
            {
                fine = false;
                continue;
            }

            result.Add(new VantagePoint(name, via switch { "entry" => VantageRoute.Entry, "traffic" => VantageRoute.Traffic, _ => VantageRoute.Direct }));
        }

        return fine ? result.ToImmutable() : null;
    }

    /// <summary>
    /// The probe timeout when the plan gives none: 80 % of the interval, so a round ends before the next begins,
    /// and never above the 5 s a slow interval would otherwise give; null when the interval itself is invalid.
    /// </summary>
    private static TimeSpan? DefaultTimeout(TimeSpan? interval) =>
        interval is { } i ? TimeSpan.FromTicks(Math.Min(i.Ticks / 5 * 4, NoHealth.Timeout.Ticks)) : null;

    private static ImmutableArray<ProbeSpec>? ReadProbes(MapReader health, bool hasDatabase, TimeSpan? timeout, bool timeoutGiven)
    {
        var items = health.MapList("probes", required: true);
        if (health.Has("probes") && items.Count == 0)
        {
            health.Report("probes", "is empty", "at least one probe");
        }

        var result = ImmutableArray.CreateBuilder<ProbeSpec>();
        var fine = items.Count > 0;
        foreach (var item in items)
        {
            var name = ReadName(item, "name");
            if (name is not null && result.Any(p => p.Name == name))
            {
                item.Report("name", $"'{name}' names another probe too", "unique probe names");
                name = null;
            }

            var type = item.Choice("type", ProbeTypes, required: true);
            ProbeSpec? probe = type switch
            {
                "http" => ReadHttpProbe(item, name, timeout, timeoutGiven),
                "tcp" => new TcpProbeSpec(name ?? "", item.Endpoint("address")),
                "sql" => ReadSqlProbe(item, name, hasDatabase),
                _ => null,
            };
            if (type is null)
            {
                // Without a type the probe's other keys cannot be judged; accept them rather than flag each one.
                item.Accept([.. item.Keys]);
            }

            item.RejectUnknownKeys();
            if (probe is null || name is null)
            {
                fine = false;
                continue;
            }

            result.Add(probe);
        }

        return fine ? result.ToImmutable() : null;
    }

    private static HttpProbeSpec? ReadHttpProbe(MapReader item, string? name, TimeSpan? timeout, bool timeoutGiven)
    {
        var path = item.Text("path", expected: "a path starting with /, such as /healthz");
        var url = item.Url("url");
        if (path is not null && !path.StartsWith('/'))
        {
            item.Report("path", $"'{path}' does not start with /", "a path starting with /, such as /healthz");
            path = null;
        }

        if (item.Has("path") && item.Has("url"))
        {
            item.Report("url", "is given together with path", "either path (against each site) or url (one fixed address)");
            return null;
        }

        if (!item.Has("path") && !item.Has("url"))
        {
            item.ReportHere("an http probe has neither path nor url", "path: /healthz, or url: https://...");
            return null;
        }

        var status = item.Number("expect_status", min: 100, max: 599) ?? (item.Has("expect_status") ? null : 200);
        var body = item.Text("body_contains");
        // Without a bound of its own, a response is slow when it takes longer than the probe timeout allows anyway.
        var latency = item.Duration("max_latency") ?? (item.Has("max_latency") ? null : timeout);
        if (item.Has("max_latency") && latency is not null && timeout is not null && latency > timeout)
        {
            var which = timeoutGiven ? "" : " (the default: 80 % of the interval, at most 5s)";
            item.Report("max_latency", $"{Words(latency.Value)} exceeds the probe timeout {Words(timeout.Value)}{which}", "a latency bound within the timeout");
            return null;
        }

        if ((path is null && url is null) || status is null || (item.Has("max_latency") && latency is null))
        {
            return null;
        }

        return new HttpProbeSpec(name ?? "", path, url, status.Value, body, latency);
    }

    private static SqlProbeSpec? ReadSqlProbe(MapReader item, string? name, bool hasDatabase)
    {
        var query = item.Text("query", required: true, "a query such as 'select 1'");
        if (!hasDatabase)
        {
            item.Report("type", "a sql probe needs a database resource, and the plan has none", "a database block, or an http or tcp probe");
            return null;
        }

        return query is null ? null : new SqlProbeSpec(name ?? "", query);
    }
}
