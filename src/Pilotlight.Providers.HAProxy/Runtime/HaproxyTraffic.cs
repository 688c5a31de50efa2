using System.Collections.Immutable;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// The <c>haproxy</c> traffic provider at run time, for any HAProxy whose runtime API it may use: it switches the
/// servers of one backend between sites with <c>set server … state</c> and never reloads. It writes no file of its
/// own accord; after each change it hands the new routing to its <see cref="IRoutingRecord"/>s (HAProxy's
/// server-state file, or the config file when Pilotlight owns it) so that a restarted HAProxy routes the same way.
/// Every method is safe to call twice.
/// </summary>
internal sealed partial class HaproxyTraffic : ITrafficProvider, IProbeSource
{
    private readonly RuntimeApi _api;
    private readonly string _backend;
    private readonly ImmutableArray<(string Site, string Server)> _servers;
    private readonly ImmutableArray<IRoutingRecord> _records;

    public HaproxyTraffic(RuntimeApi api, string backend, ImmutableArray<(string Site, string Server)> servers, Uri entryUrl, ImmutableArray<IRoutingRecord> records)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(entryUrl);
        _api = api;
        _backend = backend;
        _servers = servers;
        EntryUrl = entryUrl;
        _records = records.IsDefault ? [] : records;
    }

    /// <summary>The address clients use; entry probes go there.</summary>
    public Uri EntryUrl { get; }

    /// <summary>Routes to <paramref name="site"/> only: every server of the other sites goes into maintenance first, then this site's come out.</summary>
    public async Task SwitchAsync(string site, CancellationToken cancellationToken)
    {
        var servers = ServersOf(site);
        await ReadStateAsync(cancellationToken); // a wrong backend or server fails before anything changes

        // Out first, then in: at no instant are two sites routable.
        foreach (var (_, other) in _servers.Where(s => s.Site != site))
        {
            await _api.ExecuteAsync($"set server {_backend}/{other} state maint", cancellationToken);
        }

        foreach (var server in servers)
        {
            await _api.ExecuteAsync($"set server {_backend}/{server} state ready", cancellationToken);
        }

        await RecordAsync(cancellationToken);
    }

    /// <summary>Takes <paramref name="site"/> out and cuts the requests it is still serving; no other site is put in.</summary>
    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        var servers = ServersOf(site);
        await ReadStateAsync(cancellationToken);
        foreach (var server in servers)
        {
            await _api.ExecuteAsync($"set server {_backend}/{server} state maint", cancellationToken);
            await _api.ExecuteAsync($"shutdown sessions server {_backend}/{server}", cancellationToken);
        }

        await RecordAsync(cancellationToken);
    }

    /// <summary>Every server of the site is in maintenance; false when the entry cannot be asked.</summary>
    public async Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken)
    {
        var names = _servers.Where(s => s.Site == site).Select(s => s.Server).ToHashSet(StringComparer.Ordinal);
        try
        {
            var state = await ReadStateAsync(cancellationToken);
            return names.Count > 0 && state.Where(s => names.Contains(s.Name)).All(s => s.AdminState == "maint");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    public async Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var servers = (await ReadStateAsync(cancellationToken))
            .Select(s => new TrafficServer(SiteOf(s.Name), s.Name, s.Address, s.AdminState, s.OperationalState))
            .ToImmutableArray();
        return new TrafficStatus(ActiveSiteOf(servers), servers);
    }

    /// <summary>The site whose servers are all ready while every other server is in maintenance; null otherwise.</summary>
    internal static string? ActiveSiteOf(ImmutableArray<TrafficServer> servers)
    {
        var ready = servers.Where(s => s.AdminState == "ready").Select(s => s.Site).Distinct().ToList();
        return ready is [var site] && servers.All(s => s.Site == site ? s.AdminState == "ready" : s.AdminState == "maint") ? site : null;
    }

    /// <summary>The backend's servers, once it is known that the backend exists and holds every server of the plan.</summary>
    private async Task<ImmutableArray<ServerState>> ReadStateAsync(CancellationToken cancellationToken)
    {
        var reply = await _api.SendAsync($"show servers state {_backend}", cancellationToken);
        if (reply.StartsWith("Can't find backend", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"haproxy has no backend '{_backend}' ({await BackendsAsync(cancellationToken)})");
        }

        var state = ServersState.Parse(reply, _backend);
        var present = state.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (_servers.FirstOrDefault(s => !present.Contains(s.Server)) is { Server: { } missing })
        {
            var names = state.IsEmpty ? "it has none" : "servers: " + string.Join(", ", state.Select(s => s.Name));
            throw new InvalidOperationException($"haproxy backend '{_backend}' has no server '{missing}' ({names})");
        }

        return state;
    }

    private async Task<string> BackendsAsync(CancellationToken cancellationToken)
    {
        var names = (await _api.SendAsync("show backend", cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'))
            .ToList();
        return names.Count == 0 ? "it has none" : "backends: " + string.Join(", ", names);
    }

    private async Task RecordAsync(CancellationToken cancellationToken)
    {
        if (_records.IsEmpty)
        {
            return;
        }

        var routed = (await ReadStateAsync(cancellationToken))
            .Where(s => s.AdminState != "maint")
            .Select(s => SiteOf(s.Name))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var record in _records)
        {
            await record.SaveAsync(routed, cancellationToken);
        }
    }

    private ImmutableArray<string> ServersOf(string site)
    {
        var servers = _servers.Where(s => s.Site == site).Select(s => s.Server).ToImmutableArray();
        return servers.IsEmpty
            ? throw new ArgumentException($"the HAProxy entry has no servers of site '{site}'", nameof(site))
            : servers;
    }

    private string SiteOf(string server) => _servers.FirstOrDefault(s => s.Server == server).Site ?? "?";
}
