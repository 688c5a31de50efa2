using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy;

/// <summary><c>traffic.provider: haproxy</c> — one frontend, a backend per site, switched through the runtime API.</summary>
internal sealed class HaproxySchema : IProviderSchema
{
    public ResourceKind Kind => ResourceKind.Traffic;

    public string Name => "haproxy";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var listen = config.Endpoint("listen", required: true);
        var binary = config.Text("binary") ?? "/usr/sbin/haproxy";
        var socket = config.Text("admin_socket");
        return listen is null ? null : new HaproxySettings(listen, binary, socket);
    }
}

/// <summary>Settings of the <c>haproxy</c> traffic provider.</summary>
public sealed record HaproxySettings(Endpoint Listen, string Binary, string? AdminSocket) : ProviderSettings;
