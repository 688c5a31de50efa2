namespace Pilotlight.Providers.HAProxy;

/// <summary>Somewhere a restarted HAProxy finds the routing the runtime API last set.</summary>
internal interface IRoutingRecord
{
    /// <summary>Records the routing just set: <paramref name="routedSites"/> are the sites with a server not in maintenance.</summary>
    Task SaveAsync(IReadOnlySet<string> routedSites, CancellationToken cancellationToken);
}
