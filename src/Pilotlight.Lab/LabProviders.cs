using Pilotlight.Core.Providers;
using Pilotlight.Providers.HAProxy;
using Pilotlight.Providers.Local;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab;

/// <summary>The providers a lab's plan names.</summary>
internal static class LabProviders
{
    public static ProviderRegistry Registry { get; } = ProviderRegistry.Empty.AddPostgres().AddLocal().AddHaproxy();
}
