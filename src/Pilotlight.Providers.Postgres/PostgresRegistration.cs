using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres;

/// <summary>Registers the <c>postgres</c> database provider.</summary>
public static class PostgresRegistration
{
    public static ProviderRegistry AddPostgres(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.With(new PostgresSchema());
    }
}
