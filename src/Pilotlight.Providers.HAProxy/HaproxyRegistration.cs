using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy;

/// <summary>Registers the <c>haproxy</c> traffic provider.</summary>
public static class HaproxyRegistration
{
    public static ProviderRegistry AddHaproxy(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.With(new HaproxySchema());
    }
}
