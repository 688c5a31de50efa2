using System.Collections.Immutable;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Providers;

public sealed class ProviderRegistryTests
{
    [Fact]
    public void With_NewProvider_PlanNamingItValidatesWithoutTouchingTheValidator()
    {
        var registry = TestProviders.Registry.With(new DnsSchema());
        var text = SamplePlans.With("provider: haproxy\n  config:\n    listen: 127.0.0.1:8080\n    admin_socket: /run/haproxy/admin.sock\n    eu: { servers: [eu1, eu2] }\n    dr: { servers: [dr1] }", "provider: rfc2136\n  config:\n    zone: example.org\n    ttl: 5");

        var result = PlanFile.Parse("plan.yaml", text, registry, FixedClock.At2026);

        result.Problems.ShouldBeEmpty();
        result.Plan!.Resource(ResourceKind.Traffic)!.Settings.ShouldBe(new DnsSettings("example.org", 5));
    }

    [Fact]
    public void With_NewProvider_ItsOwnRulesAreReportedWithPositions()
    {
        var registry = TestProviders.Registry.With(new DnsSchema());
        var text = SamplePlans.With("provider: haproxy\n  config:\n    listen: 127.0.0.1:8080\n    admin_socket: /run/haproxy/admin.sock\n    eu: { servers: [eu1, eu2] }\n    dr: { servers: [dr1] }", "provider: rfc2136\n  config:\n    zone: example.org\n    tll: 5");

        var result = PlanFile.Parse("plan.yaml", text, registry, FixedClock.At2026);

        result.Problems.Select(p => p.ToString()).ShouldBe(["plan.yaml:33:5: traffic.config.tll: unknown key (did you mean 'ttl'?); expected zone or ttl"]);
    }

    [Fact]
    public void With_SameNameTwice_Throws() =>
        Should.Throw<InvalidOperationException>(() => TestProviders.Registry.With(new PostgresLike()));

    [Fact]
    public void NamesFor_ListsProvidersOfOneKind() =>
        TestProviders.Registry.NamesFor(ResourceKind.Traffic).ShouldBe(["aws-route53", "haproxy"]);

    private sealed record DnsSettings(string Zone, int Ttl) : ProviderSettings;

    private sealed class DnsSchema : IProviderSchema
    {
        public ResourceKind Kind => ResourceKind.Traffic;

        public string Name => "rfc2136";

        public ProviderSettings? Read(MapReader config, ProviderContext context)
        {
            var zone = config.Text("zone", required: true);
            var ttl = config.Number("ttl", min: 0) ?? 60;
            return zone is null ? null : new DnsSettings(zone, ttl);
        }
    }

    private sealed class PostgresLike : IProviderSchema
    {
        public ResourceKind Kind => ResourceKind.Database;

        public string Name => "postgres";

        public ProviderSettings? Read(MapReader config, ProviderContext context) => null;
    }
}
