using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws;
using Pilotlight.Providers.HAProxy;
using Pilotlight.Providers.Local;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Core.Tests.Plans;

/// <summary>The schemas the plan tests validate against: the providers Pilotlight ships, each registered by its own project.</summary>
internal static class TestProviders
{
    public static ProviderRegistry Registry { get; } = ProviderRegistry.Empty.AddPostgres().AddAws().AddLocal().AddHaproxy();
}
