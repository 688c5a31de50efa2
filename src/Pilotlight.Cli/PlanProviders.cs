using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws;
using Pilotlight.Providers.Command;
using Pilotlight.Providers.HAProxy;
using Pilotlight.Providers.Local;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Cli;

/// <summary>Every provider a plan may name: the composition root registers each provider family once, here.</summary>
internal static class PlanProviders
{
    public static ProviderRegistry Registry { get; } = ProviderRegistry.Empty.AddPostgres().AddAws().AddLocal().AddHaproxy().AddCommand();
}
