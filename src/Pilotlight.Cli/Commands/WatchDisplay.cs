using Pilotlight.Core.Health;
using Pilotlight.Engine;
using Spectre.Console;

namespace Pilotlight.Cli.Commands;

/// <summary>The live view of <c>pilotlight watch</c> on a terminal: sites, health per vantage point, lag, readiness, recent events.</summary>
internal sealed class WatchDisplay
{
    private readonly List<WatchEvent> _events = [];
    private WatchSnapshot? _snapshot;

    public void Add(WatchEvent e)
    {
        lock (_events)
        {
            _events.Add(e);
            if (_events.Count > 12)
            {
                _events.RemoveAt(0);
            }
        }
    }

    public void Update(WatchSnapshot snapshot) => _snapshot = snapshot;

    public Table Render()
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("pilotlight watch");
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            table.AddRow("first round…");
        }
        else
        {
            var standby = snapshot.StandbySite ?? "the standby";
            table.AddRow($"active site [bold]{snapshot.ActiveSite}[/]: {Color(snapshot.Health)}   " +
                string.Join("   ", snapshot.VantagePoints.Select(v => $"{Markup.Escape(v.Key)} {Color(v.Value)}")));
            var lag = snapshot.StandbyLag is { } l ? $"{l.TotalSeconds:0.000}s" : "unknown";
            var readiness = snapshot.Readiness is null
                ? "not evaluated yet"
                : snapshot.Readiness.Ready
                    ? "[green]READY[/]"
                    : $"[red]NOT READY[/]: {Markup.Escape(string.Join("; ", snapshot.Readiness.Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}")))}";
            table.AddRow($"standby site [bold]{standby}[/]: replica lag {lag}   {readiness}");
        }

        lock (_events)
        {
            foreach (var e in _events)
            {
                table.AddRow(Markup.Escape($"{e.At:HH:mm:ss.fff}  {e.Kind,-8}  {e.Text}"));
            }
        }

        return table;
    }

    private static string Color(SiteHealth health) => health switch
    {
        SiteHealth.Healthy => "[green]healthy[/]",
        SiteHealth.Down => "[red]DOWN[/]",
        _ => "[grey]unknown[/]",
    };
}
