namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// A config file Pilotlight wrote (<c>config_path</c> in the plan): the backend's server lines of unrouted sites are
/// marked <c>disabled</c> in place and every other line is kept, so a restart from it keeps the routing.
/// </summary>
internal sealed class OwnedConfigFile(string path, string backend, IReadOnlyDictionary<string, string> siteOfServer) : IRoutingRecord
{
    public async Task SaveAsync(IReadOnlySet<string> routedSites, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, HaproxyConfig.Reroute(text, backend, siteOfServer, routedSites), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
