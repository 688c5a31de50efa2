namespace Pilotlight.Providers.HAProxy;

/// <summary>The lab's config, rendered whole from its options with the servers of unrouted sites <c>disabled</c>.</summary>
internal sealed class RenderedConfigFile(HaproxyOptions options) : IRoutingRecord
{
    public Task SaveAsync(IReadOnlySet<string> routedSites, CancellationToken cancellationToken) =>
        HaproxyConfig.WriteAsync(options, routedSites, cancellationToken);
}
