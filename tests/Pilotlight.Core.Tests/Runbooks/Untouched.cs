using System.Collections.Immutable;
using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Tests.Runbooks;

/// <summary>Traffic, database and compute providers for runbook construction tests: any call throws "touched".</summary>
internal class Untouched : ITrafficProvider, IDatabaseProvider, IComputeProvider
{
    public Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

    public Task SwitchAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

    public Task FenceAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

    public Task<DatabaseStatus> GetStatusAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

    public Task PromoteAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

    public Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

    public Task ScaleAsync(string site, int count, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

    public Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

    public Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");
}
