using System.Collections.Immutable;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Traffic;

/// <summary>
/// The <c>command</c> traffic provider: runs the plan's <c>switch</c>, <c>fence</c> and <c>status</c> commands, and
/// probes through the entry at <c>entry_url</c> when the plan gives one.
/// </summary>
internal sealed class CommandTrafficProvider(CommandTrafficSettings settings, CommandShell shell) : ITrafficProvider, IProbeSource
{
    /// <summary>The plan's <c>entry_url</c>, when it gives one.</summary>
    public Uri? EntryUrl => settings.EntryUrl;

    /// <summary>The active site is the one routed site; none when no site or both are. One server per plan site.</summary>
    public async Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var routes = await ReadRoutesAsync(cancellationToken);
        var routed = settings.Sites.Where(s => routes.GetValueOrDefault(s)).ToList();
        var address = settings.EntryUrl?.ToString() ?? "";
        var servers = settings.Sites.Select(site => routes.TryGetValue(site, out var isRouted)
            ? new TrafficServer(site, site, address, isRouted ? "ready" : "maint", isRouted ? "UP" : "?")
            : new TrafficServer(site, site, address, "?", "?"));
        return new TrafficStatus(routed.Count == 1 ? routed[0] : null, [.. servers]);
    }

    public async Task SwitchAsync(string site, CancellationToken cancellationToken) =>
        await shell.RunAsync(new CommandCall("traffic", "switch", settings.Switch, Known(site)), settings.Timeout, cancellationToken);

    public async Task FenceAsync(string site, CancellationToken cancellationToken) =>
        await shell.RunAsync(new CommandCall("traffic", "fence", settings.Fence, Known(site)), settings.Timeout, cancellationToken);

    /// <summary>True only when <c>status</c> says the site is not routed; false when it fails or does not name the site.</summary>
    public async Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            return (await ReadRoutesAsync(cancellationToken)).TryGetValue(site, out var routed) && !routed;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>For an HTTP probe by path through the entry: a GET of <c>entry_url</c> + path.</summary>
    public IProbe? Probe(string site, ProbeSpec spec, VantageRoute route, TimeSpan timeout) =>
        route == VantageRoute.Entry && spec is HttpProbeSpec { Path: { } path } http && settings.EntryUrl is { } entry
            ? new HttpProbe(http.Name, new Uri(entry.AbsoluteUri.TrimEnd('/') + path), http.ExpectStatus, http.BodyContains, http.MaxLatency, timeout, ProbeHttp.Client)
            : null;

    private async Task<ImmutableDictionary<string, bool>> ReadRoutesAsync(CancellationToken cancellationToken)
    {
        var call = new CommandCall("traffic", "status", settings.Status);
        var output = await shell.RunAsync(call, settings.Timeout, cancellationToken);
        return RoutingStatus.Parse(output) ?? throw CommandShell.NotExpected(call, RoutingStatus.Shape, output);
    }

    private string Known(string site) =>
        settings.Sites.Contains(site) ? site : throw new ArgumentException($"no site '{site}' in the plan", nameof(site));
}
