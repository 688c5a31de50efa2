using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.HAProxy;
using Pilotlight.Providers.Local;

namespace Pilotlight.Providers.Postgres.Tests;

/// <summary>Builds the database provider the way Pilotlight does: a plan text, read with the shipped schemas, then the factory.</summary>
internal static class PlanBuiltProvider
{
    public static ProviderRegistry Registry { get; } = ProviderRegistry.Empty.AddPostgres().AddLocal().AddHaproxy();

    /// <summary>A whole plan around <paramref name="databaseConfig"/>: the lines of <c>database.config</c>, indented by four spaces.</summary>
    public static string Plan(string databaseConfig) => $"""
        version: 1
        name: pg-test
        objectives: {"{"} rto: 30s, rpo: 5s {"}"}
        sites:
          - {"{"} name: a, region: r-a, role: primary {"}"}
          - {"{"} name: b, region: r-b, role: standby {"}"}
        database:
          provider: postgres
          config:
        {databaseConfig}
        compute:
          provider: process
          config:
            command: dotnet
            a: {"{"} base_port: 18000 {"}"}
            b: {"{"} base_port: 19000 {"}"}
          a:
            pilot: {"{"} min: 0, desired: 0, max: 1 {"}"}
            full: {"{"} min: 1, desired: 1, max: 1 {"}"}
          b:
            pilot: {"{"} min: 0, desired: 0, max: 1 {"}"}
            full: {"{"} min: 1, desired: 1, max: 1 {"}"}
        traffic:
          provider: haproxy
          config:
            listen: 127.0.0.1:18080
            admin_socket: haproxy.sock
            a: {"{"} servers: [a1] {"}"}
            b: {"{"} servers: [b1] {"}"}
        health:
          interval: 1s
          timeout: 500ms
          probes:
            - {"{"} name: db, type: sql, query: select 1 {"}"}
        failover:
          policy: automatic

        """;

    public static PlanReadResult Read(string databaseConfig, string planDirectory) =>
        PlanFile.Parse(Path.Combine(planDirectory, "plan.yaml"), Plan(databaseConfig), Registry, TimeProvider.System);

    /// <summary>The provider for a valid plan; fails the test with the plan's problems otherwise.</summary>
    public static PostgresDatabaseProvider Build(string databaseConfig, string planDirectory)
    {
        var result = Read(databaseConfig, planDirectory);
        result.Problems.Select(p => p.ToString()).ShouldBeEmpty();
        var plan = result.Plan.ShouldNotBeNull();
        var binding = plan.Resource(ResourceKind.Database).ShouldNotBeNull();
        var factory = Registry.Find(ResourceKind.Database, binding.Provider).ShouldBeAssignableTo<IProviderFactory>().ShouldNotBeNull();
        var context = new ProviderBuildContext(plan, planDirectory, Path.Combine(planDirectory, "state"), TimeProvider.System);
        return factory.Create(binding.Settings, context).ShouldBeOfType<PostgresDatabaseProvider>();
    }
}
