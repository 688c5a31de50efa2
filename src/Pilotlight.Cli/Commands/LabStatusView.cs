using System.Globalization;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Commands;

/// <summary>How <c>lab status</c> shows a <see cref="LabStatus"/>: a table for people, a documented JSON contract for scripts.</summary>
internal static class LabStatusView
{
    private static readonly string[] Header = ["site", "database", "timeline", "lag", "objects backlog", "instances", "daemons"];

    public static object ToJson(LabStatus status) => new
    {
        state_dir = status.StateDirectory,
        entry_url = status.EntryUrl,
        plan = status.PlanPath,
        synchronous = status.Synchronous,
        active_site = status.ActiveSite,
        objects = new
        {
            source = status.ObjectsDirection?.Source,
            target = status.ObjectsDirection?.Target,
            recorded = status.ObjectsDirectionRecorded,
        },
        traffic = new
        {
            pid = status.Traffic.Pid,
            running = status.Traffic.Running,
            servers = status.TrafficServers.Select(s => new { site = s.Site, name = s.Name, address = s.Address, admin_state = s.AdminState, operational_state = s.OperationalState }),
        },
        sites = status.Sites.Select(site => new
        {
            name = site.Name,
            disaster = site.Disaster,
            database = new
            {
                role = site.Database.Role.ToString().ToLowerInvariant(),
                fenced = site.DatabaseFenced,
                port = site.DatabasePort,
                pid = site.DatabasePid,
                connection_string = site.ConnectionString,
                timeline = site.Database.Timeline,
                lsn = site.Database.Lsn,
                lag_bytes = site.Database.LagBytes,
                lag_seconds = site.Database.LagTime?.TotalSeconds,
                streaming = site.Database.Streaming,
                problem = site.Database.Problem,
            },
            objects = new
            {
                path = site.ObjectsPath,
                backlog_objects = site.ObjectBacklog?.PendingObjects,
                backlog_age_seconds = site.ObjectBacklog?.OldestPendingAge.TotalSeconds,
            },
            desired_instances = site.DesiredInstances,
            instances = site.Instances.Select(i => new { index = i.Index, port = i.Port, pid = i.Pid, running = i.Running, ready = i.Ready, health = i.Health }),
            daemons = site.Daemons.Select(d => new { name = d.Name, pid = d.Pid, running = d.Running, frozen = d.Frozen }),
        }),
    };

    public static void Write(LabStatus status, TextWriter output)
    {
        output.WriteLine($"lab {status.StateDirectory}: entry {status.EntryUrl} -> {(status.ActiveSite is { } a ? $"site {a}" : "NO SITE")}" +
            $" (haproxy {(status.Traffic.Running ? $"pid {status.Traffic.Pid}" : "DOWN")}), {(status.Synchronous ? "synchronous" : "asynchronous")} replication" +
            $"; objects: {(status.ObjectsDirection is { } direction ? $"{direction}{(status.ObjectsDirectionRecorded ? "" : " (none recorded: the active site's)")}" : "unknown")}");
        var rows = new List<string[]> { Header };
        foreach (var site in status.Sites)
        {
            var db = site.Database;
            var role = site.DatabaseFenced && db.Role != Pilotlight.Core.Providers.DatabaseRole.Primary
                ? $"fenced ({(db.Role == Pilotlight.Core.Providers.DatabaseRole.Standby ? "read-only" : "stopped")})"
                : db.Role.ToString().ToLowerInvariant();
            var database = $"{role} :{site.DatabasePort}{(site.DatabasePid is { } pid ? $" pid {pid}" : "")}{(db.Problem is { } p && db.Role == Pilotlight.Core.Providers.DatabaseRole.Unreachable ? $" ({Short(p)})" : "")}";
            var lag = db.LagBytes is { } bytes ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B / {(db.LagTime is { } t ? $"{t.TotalSeconds:0.000} s" : "unknown")}{(db.Streaming ? "" : " not streaming")}") : "-";
            var backlog = site.ObjectBacklog is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b.PendingObjects} / {b.OldestPendingAge.TotalSeconds:0.0} s") : "-";
            var instances = site.Instances.IsEmpty
                ? $"0 of {site.DesiredInstances}"
                : string.Join(", ", site.Instances.Select(i => $":{i.Port} {(i.Running ? $"pid {i.Pid} {(i.Health == "ok" ? "healthy" : Short(i.Health ?? "?"))}" : "down")}"));
            var daemons = string.Join(", ", site.Daemons.Select(d => $"{d.Name} {(d.Frozen ? "frozen, not answering" : d.Running ? "up" : "down")}"));
            rows.Add([site.Name + (site.Disaster is { } d ? $" ({d})" : ""), database, db.Timeline?.ToString(CultureInfo.InvariantCulture) ?? "-", lag, backlog, instances, daemons]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    private static string Short(string text) => text.Length > 60 ? text[..57] + "..." : text;
}
