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

    /// <summary>The object replicator: copies the active site's store to the other, continuously.</summary>
    public Task ReplicateAsync(string from, string to, CancellationToken cancellationToken) =>
        Replicator(from, to).RunAsync(cancellationToken);
}
