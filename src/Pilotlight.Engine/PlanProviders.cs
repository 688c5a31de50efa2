using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;

namespace Pilotlight.Engine;

/// <summary>The runtime providers of a plan, one per resource it declares, built through the registry's factories.</summary>
public sealed record PlanProviders
{
    public IDatabaseProvider? Database { get; init; }

    public required IComputeProvider Compute { get; init; }

    public required ITrafficProvider Traffic { get; init; }

    public IObjectStoreProvider? Objects { get; init; }

    public ISecretsProvider? Secrets { get; init; }

    /// <summary>Every provider that offers health probes, traffic first (the entry), then compute, then database.</summary>
    /// <summary>The runbook steps' timeouts as these providers need them.</summary>
    public Core.Runbooks.StepTimeouts Timeouts => Core.Runbooks.StepTimeouts.From([Traffic, Compute, Database, Objects, Secrets]);

    public IEnumerable<IProbeSource> ProbeSources => new object?[] { Traffic, Compute, Database, Objects, Secrets }.OfType<IProbeSource>();

    /// <summary>
    /// Builds each resource's provider with its factory. A provider whose schema has no factory — it validates
    /// plans but cannot act yet — throws one line naming it and its resource.
    /// </summary>
    public static PlanProviders Build(Plan plan, ProviderRegistry registry, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(registry);
        T? Create<T>(ResourceKind kind)
            where T : class
        {
            if (plan.Resource(kind) is not { } binding)
            {
                return null;
            }

            var kindName = kind.ToString().ToLowerInvariant();
            if (registry.Find(kind, binding.Provider) is not IProviderFactory factory)
            {
                throw new EngineException($"{kindName}.provider '{binding.Provider}' cannot act yet: this version validates plans that use it but has no runtime for it (providers that can act: {string.Join(", ", registry.Factories().Select(f => $"{f.Kind.ToString().ToLowerInvariant()} {f.Name}"))})");
            }

            return factory.Create(binding.Settings, context) as T
                ?? throw new InvalidOperationException($"the {kindName} provider '{binding.Provider}' built something that is not a {typeof(T).Name}");
        }

        return new PlanProviders
        {
            Traffic = Create<ITrafficProvider>(ResourceKind.Traffic) ?? throw new EngineException("the plan has no traffic resource: nothing could be switched"),
            Compute = Create<IComputeProvider>(ResourceKind.Compute) ?? throw new EngineException("the plan has no compute resource: nothing could be scaled"),
            Database = Create<IDatabaseProvider>(ResourceKind.Database),
            Objects = Create<IObjectStoreProvider>(ResourceKind.Objects),
            Secrets = Create<ISecretsProvider>(ResourceKind.Secrets),
        };
    }
}
