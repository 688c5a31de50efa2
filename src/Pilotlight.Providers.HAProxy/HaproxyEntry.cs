using System.Collections.Immutable;
using Pilotlight.Processes;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// The <c>haproxy</c> traffic provider: HAProxy in the foreground (no master-worker, so its PID is the only
/// process), switched between sites through its runtime API without reloads. Every method is safe to call twice.
/// </summary>
public sealed partial class HaproxyEntry : ITrafficProvider
{
    /// <summary>The backend of the config Pilotlight writes for the lab: every server of both sites.</summary>
    public const string BackendName = HaproxyConfig.Backend;

    private readonly HaproxyOptions _options;
    private readonly AdminSocket _admin;

    public HaproxyEntry(HaproxyOptions options)
    {
        HaproxyOptionsCheck.Validate(options);
        _options = options;
        _admin = new AdminSocket(options.AdminSocketPath);
    }

    /// <summary>Routes to <paramref name="site"/> only: every server of the other sites goes into maintenance first, then this site's come out.</summary>
    public async Task SwitchAsync(string site, CancellationToken cancellationToken)
    {
        if (!_options.Servers.Any(s => s.Site == site))
        {
            throw new ArgumentException($"the HAProxy entry has no servers of site '{site}'", nameof(site));
        }

        // Out first, then in: at no instant are two sites routable.
        foreach (var server in _options.Servers.Where(s => s.Site != site))
        {
            await _admin.ExecuteAsync($"set server {HaproxyConfig.Backend}/{server.Name} state maint", cancellationToken);
        }

        foreach (var server in _options.Servers.Where(s => s.Site == site))
        {
            await _admin.ExecuteAsync($"set server {HaproxyConfig.Backend}/{server.Name} state ready", cancellationToken);
        }

        // No reload: the file only makes a later restart keep this routing.
        await HaproxyConfig.WriteAsync(_options, new HashSet<string>(StringComparer.Ordinal) { site }, cancellationToken);
    }

    /// <summary>Takes <paramref name="site"/> out and cuts the requests it is still serving; no other site is put in.</summary>
    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        foreach (var server in _options.Servers.Where(s => s.Site == site))
        {
            await _admin.ExecuteAsync($"set server {HaproxyConfig.Backend}/{server.Name} state maint", cancellationToken);
            await _admin.ExecuteAsync($"shutdown sessions server {HaproxyConfig.Backend}/{server.Name}", cancellationToken);
        }

        var routed = new HashSet<string>(RoutedSites, StringComparer.Ordinal);
        routed.Remove(site);
        await HaproxyConfig.WriteAsync(_options, routed, cancellationToken);
    }

    /// <summary>Every server of the site is in maintenance; false when the entry cannot be asked.</summary>
    public async Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            var servers = (await GetStatusAsync(cancellationToken)).Servers.Where(s => s.Site == site).ToList();
            return servers.Count > 0 && servers.All(s => s.AdminState == "maint");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    public async Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var reply = await _admin.SendAsync($"show servers state {HaproxyConfig.Backend}", cancellationToken);
        var servers = ServersState.Parse(reply, HaproxyConfig.Backend)
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

    /// <summary>The sites the config file routes to, i.e. what the last switch or fence left.</summary>
    private IReadOnlySet<string> RoutedSites =>
        HaproxyConfig.RoutedSitesOf(_options.ConfigPath) ?? new HashSet<string>(StringComparer.Ordinal) { _options.ActiveSite };

    private string SiteOf(string server) => _options.Servers.FirstOrDefault(s => s.Name == server)?.Site ?? "?";
}
