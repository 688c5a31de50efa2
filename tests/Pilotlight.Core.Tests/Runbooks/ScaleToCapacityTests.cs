using System.Collections.Immutable;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Runbooks;

/// <summary>The failover's scale step hands the compute provider the plan's whole full capacity, not only a count.</summary>
public sealed class ScaleToCapacityTests
{
    private static readonly Plan Plan = SamplePlans.Parse(SamplePlans.Valid).Plan!;

    private sealed class Recording : ITrafficProvider, IComputeProvider
    {
        public List<(string Site, Capacity Capacity)> ScaledTo { get; } = [];

        public List<(string Site, int Count)> Scaled { get; } = [];

        public Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task SwitchAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task FenceAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task ScaleAsync(string site, int count, CancellationToken cancellationToken)
        {
            Scaled.Add((site, count));
            return Task.CompletedTask;
        }

        public Task ScaleToAsync(string site, Capacity capacity, CancellationToken cancellationToken)
        {
            ScaledTo.Add((site, capacity));
            return Task.CompletedTask;
        }

        public Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");
    }

    private sealed class CountOnly : IComputeProvider
    {
        public List<(string Site, int Count)> Scaled { get; } = [];

        public Task ScaleAsync(string site, int count, CancellationToken cancellationToken)
        {
            Scaled.Add((site, count));
            return Task.CompletedTask;
        }

        public Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task FenceAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");
    }

    [Fact]
    public async Task FailoverScaleStep_PassesThePlansFullCapacity()
    {
        var recording = new Recording();
        var runbook = FailoverRunbook.Build(Plan, "eu", "dr", new FailoverParts
        {
            Traffic = recording,
            Compute = recording,
            ServesThroughEntry = (_, _) => throw new InvalidOperationException("touched"),
            ActiveSite = () => throw new InvalidOperationException("touched"),
            RecordActiveSite = _ => throw new InvalidOperationException("touched"),
            Notify = (_, _) => throw new InvalidOperationException("touched"),
        });

        await runbook.Steps.Single(s => s.Id == "scale-compute").Execute(CancellationToken.None);

        recording.ScaledTo.ShouldBe([("dr", Plan.Capacity["dr"].Full)]);
        recording.Scaled.ShouldBeEmpty();
    }

    [Fact]
    public async Task ScaleTo_ProviderWithoutCapacities_RunsTheDesiredCount()
    {
        var compute = new CountOnly();

        await ((IComputeProvider)compute).ScaleToAsync("dr", new Capacity(1, 2, 3, CapacityType.OnDemand), CancellationToken.None);

        compute.Scaled.ShouldBe([("dr", 2)]);
    }
}
