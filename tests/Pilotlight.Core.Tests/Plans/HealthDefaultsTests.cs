using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Tests.Plans;

/// <summary>Issue 7, finding 2: a short health interval alone is a valid plan; timeout and max_latency follow from it.</summary>
public sealed class HealthDefaultsTests
{
    [Fact]
    public void HealthIntervalAlone_200ms_IsAValidPlan_TimeoutAndMaxLatencyDefaultFromIt()
    {
        var health = HealthOf(SamplePlans.With("interval: 10s\n  timeout: 2s\n", "interval: 200ms\n"));

        health.Interval.ShouldBe(TimeSpan.FromMilliseconds(200));
        health.Timeout.ShouldBe(TimeSpan.FromMilliseconds(160));
        health.Probes.OfType<HttpProbeSpec>().Single().MaxLatency.ShouldBe(TimeSpan.FromMilliseconds(160));
    }

    [Fact]
    public void HealthIntervalAlone_10s_TimeoutDefaultsToNoMoreThan5s()
    {
        var health = HealthOf(SamplePlans.With("  timeout: 2s\n", ""));

        health.Timeout.ShouldBe(TimeSpan.FromSeconds(5));
        health.Probes.OfType<HttpProbeSpec>().Single().MaxLatency.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void HealthTimeoutGiven_HttpMaxLatencyDefaultsToTheTimeout()
    {
        var health = HealthOf(SamplePlans.Valid);

        health.Timeout.ShouldBe(TimeSpan.FromSeconds(2));
        health.Probes.OfType<HttpProbeSpec>().Single().MaxLatency.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void HealthMaxLatencyGiven_WithinTheDefaultTimeout_IsKept()
    {
        var health = HealthOf(SamplePlans.With("interval: 10s\n  timeout: 2s\n§path: /healthz", "interval: 200ms\n§path: /healthz, max_latency: 100ms"));

        health.Timeout.ShouldBe(TimeSpan.FromMilliseconds(160));
        health.Probes.OfType<HttpProbeSpec>().Single().MaxLatency.ShouldBe(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void NoHealthBlock_KeepsTheOldDefaults()
    {
        var result = SamplePlans.Parse(SamplePlans.With("policy: automatic§health:\n  interval: 10s\n  timeout: 2s\n  probes:\n    - { name: web, type: http, path: /healthz }\n", "policy: manual§"));

        result.Problems.ShouldBeEmpty();
        result.Plan.ShouldNotBeNull().Health.Timeout.ShouldBe(TimeSpan.FromSeconds(5));
    }

    private static HealthSettings HealthOf(string text)
    {
        var result = SamplePlans.Parse(text);
        result.Problems.ShouldBeEmpty();
        return result.Plan.ShouldNotBeNull().Health;
    }
}
