using System.Collections.Immutable;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Providers;

/// <summary>Drives one kind of compute: scales a site's instances and reports them.</summary>
public interface IComputeProvider
{
    /// <summary>Starts or stops instances until <paramref name="count"/> run and answer ready; idempotent.</summary>
    Task ScaleAsync(string site, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Brings a site to one of the plan's capacities (pilot or full): its bounds and how it is bought (spot or
    /// on-demand), for a provider that has them (an Auto Scaling group); others run <see cref="Capacity.Desired"/> instances.
    /// </summary>
    Task ScaleToAsync(string site, Capacity capacity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        return ScaleAsync(site, capacity.Desired, cancellationToken);
    }

    Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken);

    /// <summary>
    /// Takes every instance of a site out of service at once — also frozen or unreachable ones where the provider
    /// can — and wants none: the compute half of fencing an old primary site. Throws when it could not be applied.
    /// </summary>
    Task FenceAsync(string site, CancellationToken cancellationToken);

    /// <summary>
    /// The version of the application a site runs or would start (a content fingerprint or a release name); null
    /// when the site has none. Readiness compares the standby's with the active site's.
    /// </summary>
    Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken);
}

/// <summary>One compute instance: where it listens, its process, and whether it answers.</summary>
public sealed record InstanceStatus(string Site, int Index, int Port, int? Pid, bool Running, bool Ready, string? Health)
{
    /// <summary>Where the instance serves, as host:port.</summary>
    public string? Address { get; init; }

    /// <summary>The version of the application the instance runs, when the provider can tell.</summary>
    public string? ArtifactVersion { get; init; }
}
