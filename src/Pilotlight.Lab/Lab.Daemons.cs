using Pilotlight.Providers.Local.Objects;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>The compute supervisor of a site: restarts its Shop instances that die while they are wanted.</summary>
    public async Task SuperviseAsync(string site, CancellationToken cancellationToken)
    {
        var compute = Compute(site);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await compute.ReconcileAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The object replicator of a site: copies the other site's store into this one, continuously, while the objects
    /// direction names this site as the target (before any direction is recorded: while the other site is active).
    /// </summary>
    public Task ReplicateAsync(string site, Action<string>? report, CancellationToken cancellationToken)
    {
        LabLayout.SiteIndex(site);
        return new DirectionFollower(Objects(TimeProvider.System), site, () => UnrecordedObjectsDirection, TimeSpan.FromSeconds(10), report).RunAsync(cancellationToken);
    }
}
