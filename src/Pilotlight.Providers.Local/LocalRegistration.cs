using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local;

/// <summary>Registers the providers for this machine: <c>process</c> compute, <c>filesystem</c> objects, <c>file</c> secrets.</summary>
public static class LocalRegistration
{
    public static ProviderRegistry AddLocal(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.With(new ProcessSchema()).With(new FilesystemSchema()).With(new FileSecretsSchema());
    }
}
