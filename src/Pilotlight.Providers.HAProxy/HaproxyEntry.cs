using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// The lab's HAProxy: Pilotlight writes its config, runs it in the foreground (no master-worker, so its PID is the
/// only process) and switches it between sites through its runtime API without reloads, rewriting the config after
/// each change so that a restart keeps the routing. Every method is safe to call twice.
/// </summary>
public sealed partial class HaproxyEntry : ITrafficProvider
{
    /// <summary>The backend of the config Pilotlight writes for the lab: every server of both sites.</summary>
    public const string BackendName = HaproxyConfig.Backend;

    private readonly HaproxyOptions _options;
    private readonly HaproxyTraffic _traffic;

    public HaproxyEntry(HaproxyOptions options)
    {
        HaproxyOptionsCheck.Validate(options);
        _options = options;
        _traffic = new HaproxyTraffic(
            RuntimeApi.Unix(options.AdminSocketPath, TimeSpan.FromSeconds(3)),
            HaproxyConfig.Backend,
            [.. options.Servers.Select(s => (s.Site, s.Name))],
            new Uri($"http://{options.Listen}/"),
            [new RenderedConfigFile(options)]);
    }

    /// <summary>Routes to <paramref name="site"/> only: every server of the other sites goes into maintenance first, then this site's come out.</summary>
    public Task SwitchAsync(string site, CancellationToken cancellationToken) => _traffic.SwitchAsync(site, cancellationToken);

    /// <summary>Takes <paramref name="site"/> out and cuts the requests it is still serving; no other site is put in.</summary>
    public Task FenceAsync(string site, CancellationToken cancellationToken) => _traffic.FenceAsync(site, cancellationToken);

    /// <summary>Every server of the site is in maintenance; false when the entry cannot be asked.</summary>
    public Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken) => _traffic.IsFencedAsync(site, cancellationToken);

    public Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken) => _traffic.GetStatusAsync(cancellationToken);

    /// <summary>The sites the config file routes to, i.e. what the last switch or fence left.</summary>
    private IReadOnlySet<string> RoutedSites =>
        HaproxyConfig.RoutedSitesOf(_options.ConfigPath) ?? new HashSet<string>(StringComparer.Ordinal) { _options.ActiveSite };
}
