using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Local;

namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>A small plan around a <c>haproxy</c> traffic block, read through <see cref="PlanFile.Parse"/> as a user's plan is.</summary>
internal static class TrafficPlans
{
    public static ProviderRegistry Registry { get; } = ProviderRegistry.Empty.AddHaproxy().AddLocal();

    /// <summary>The line of the plan text where the traffic config's first line goes; validation tests count from it.</summary>
    public const int ConfigLine = 23;

    /// <summary>The plan with <paramref name="config"/> (lines without indentation) as <c>traffic.config</c>.</summary>
    public static string Text(string config)
    {
        var indented = string.Join('\n', config.Trim('\n').Split('\n').Select(l => "    " + l));
        return $$"""
            name: shop
            objectives:
              rto: 30m
              rpo: 5m
            sites:
              - { name: a, region: lab-a, role: primary }
              - { name: b, region: lab-b, role: standby }
            compute:
              provider: process
              config:
                command: dotnet
                a: { base_port: 8000 }
                b: { base_port: 9000 }
              a:
                pilot: { min: 0, desired: 0, max: 2 }
                full: { min: 1, desired: 2, max: 2 }
              b:
                pilot: { min: 0, desired: 0, max: 2 }
                full: { min: 1, desired: 2, max: 2 }
            traffic:
              provider: haproxy
              config:
            {{indented}}
            failover:
              policy: manual

            """;
    }

    public static PlanReadResult Parse(string config) => PlanFile.Parse("plan.yaml", Text(config), Registry, TimeProvider.System);

    /// <summary>The runtime provider the plan's factory builds, for a plan that must be valid.</summary>
    public static HaproxyTraffic Build(string config, string planDirectory)
    {
        var result = Parse(config);
        result.Problems.ShouldBeEmpty();
        var plan = result.Plan.ShouldNotBeNull();
        var traffic = plan.Resource(ResourceKind.Traffic).ShouldNotBeNull();
        var factory = Registry.Find(ResourceKind.Traffic, traffic.Provider).ShouldBeAssignableTo<IProviderFactory>().ShouldNotBeNull();
        return factory.Create(traffic.Settings, new ProviderBuildContext(plan, planDirectory, planDirectory, TimeProvider.System)).ShouldBeOfType<HaproxyTraffic>();
    }
}
