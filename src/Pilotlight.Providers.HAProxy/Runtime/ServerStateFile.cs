namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// HAProxy's own server-state file: the runtime's <c>show servers state</c>, written whole and atomically, which
/// HAProxy reads at start when its config says <c>server-state-file &lt;path&gt;</c> and <c>load-server-state-from-file global</c>.
/// </summary>
internal sealed class ServerStateFile(string path, RuntimeApi api) : IRoutingRecord
{
    public async Task SaveAsync(IReadOnlySet<string> routedSites, CancellationToken cancellationToken)
    {
        var state = await api.SendAsync("show servers state", cancellationToken);
        if (!state.Contains("\n#", StringComparison.Ordinal) && !state.StartsWith('#'))
        {
            throw new InvalidOperationException($"haproxy's 'show servers state' is no state to keep in {path}: {state.Split('\n')[0]}");
        }

        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, state, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
