using System.Collections.Immutable;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local.Compute;

/// <summary>The <c>process</c> compute provider over both sites; isolated drills' instances run on each site's drill ports.</summary>
public sealed class ProcessComputeProvider(IReadOnlyDictionary<string, ProcessCompute> sites) : IComputeProvider, IProbeSource, IIsolatedCompute
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public Task ScaleAsync(string site, int count, CancellationToken cancellationToken) => Site(site).ScaleAsync(count, cancellationToken);

    public Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken) => Site(site).GetInstancesAsync(cancellationToken);

    public Task FenceAsync(string site, CancellationToken cancellationToken) => Site(site).FenceAsync(cancellationToken);

    public Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken) => Task.FromResult(Site(site).ArtifactVersion);

    /// <inheritdoc cref="ProcessCompute.StartIsolatedAsync"/>
    public Task<ImmutableArray<InstanceStatus>> StartIsolatedAsync(string site, string name, int count, DatabaseClone database, CancellationToken cancellationToken) =>
        Site(site).StartIsolatedAsync(name, count, database, cancellationToken);

    public Task StopIsolatedAsync(string site, string name, CancellationToken cancellationToken) => Site(site).StopIsolatedAsync(name, cancellationToken);

    /// <summary>Straight at a site's instances: an HTTP probe passes when any instance answers it.</summary>
    public IProbe? Probe(string site, ProbeSpec spec, VantageRoute route, TimeSpan timeout)
    {
        if (route != VantageRoute.Direct || spec is not HttpProbeSpec { Path: { } path } http || !sites.TryGetValue(site, out var compute))
        {
            return null;
        }

        return new AnyOfProbe(http.Name, [.. Enumerable.Range(0, compute.MaxInstances).Select(i =>
            new HttpProbe(http.Name, new Uri($"http://{compute.Address(i)}{path}"), http.ExpectStatus, http.BodyContains, http.MaxLatency, timeout, Http))]);
    }

    private ProcessCompute Site(string site) =>
        sites.TryGetValue(site, out var compute) ? compute : throw new ArgumentException($"no compute for site '{site}'", nameof(site));
}
