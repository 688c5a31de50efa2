using System.Collections.Immutable;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local.Compute;

/// <summary>The <c>process</c> compute provider over both sites.</summary>
public sealed class ProcessComputeProvider(IReadOnlyDictionary<string, ProcessCompute> sites) : IComputeProvider
{
    public Task ScaleAsync(string site, int count, CancellationToken cancellationToken) => Site(site).ScaleAsync(count, cancellationToken);

    public Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken) => Site(site).GetInstancesAsync(cancellationToken);

    public Task FenceAsync(string site, CancellationToken cancellationToken) => Site(site).FenceAsync(cancellationToken);

    public Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken) => Task.FromResult(Site(site).ArtifactVersion);

    private ProcessCompute Site(string site) =>
        sites.TryGetValue(site, out var compute) ? compute : throw new ArgumentException($"no compute for site '{site}'", nameof(site));
}
