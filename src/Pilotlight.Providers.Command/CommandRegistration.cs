using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Command;

/// <summary>
/// Registers the <c>command</c> providers: compute and traffic driven by commands the plan gives, for what Pilotlight
/// has no provider for (systemd units, <c>kubectl scale</c>, Nomad, a cloud CLI, a load balancer).
/// </summary>
public static class CommandRegistration
{
    public static ProviderRegistry AddCommand(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.With(new CommandComputeSchema()).With(new CommandTrafficSchema());
    }
}
