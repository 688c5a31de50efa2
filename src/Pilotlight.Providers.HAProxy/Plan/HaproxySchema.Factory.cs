using System.Collections.Immutable;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy;

/// <summary>Building the runtime provider from the settings: paths resolved against the plan, nothing connected yet.</summary>
internal sealed partial class HaproxySchema
{
    /// <summary>A <see cref="HaproxyTraffic"/>, an <see cref="ITrafficProvider"/> and <see cref="IProbeSource"/>.</summary>
    public object Create(ProviderSettings settings, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (settings is not HaproxySettings haproxy)
        {
            throw new ArgumentException($"the haproxy provider cannot be built from {settings?.GetType().Name ?? "no settings"}", nameof(settings));
        }

        var api = haproxy.AdminSocket is { } socket ? RuntimeApi.Unix(context.Resolve(socket)) : RuntimeApi.Tcp(haproxy.AdminAddress!);
        var servers = context.Plan.Sites
            .Where(s => haproxy.Servers.ContainsKey(s.Name))
            .SelectMany(s => haproxy.Servers[s.Name].Select(name => (s.Name, name)))
            .ToImmutableArray();
        var records = ImmutableArray.CreateBuilder<IRoutingRecord>();
        if (haproxy.ConfigPath is { } configPath)
        {
            records.Add(new OwnedConfigFile(context.Resolve(configPath), haproxy.Backend, servers.ToDictionary(s => s.name, s => s.Name, StringComparer.Ordinal)));
        }

        if (haproxy.ServerStateFile is { } stateFile)
        {
            records.Add(new ServerStateFile(context.Resolve(stateFile), api));
        }

        return new HaproxyTraffic(api, haproxy.Backend, servers, haproxy.EntryUrl, records.ToImmutable());
    }
}
