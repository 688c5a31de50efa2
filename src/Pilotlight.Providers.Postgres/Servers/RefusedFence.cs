namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>The plan gives no way to fence the site's server: every fence is refused, saying what the plan lacks.</summary>
internal sealed class RefusedFence(string site) : IServerFence
{
    public Task FenceAsync(CancellationToken cancellationToken) =>
        Task.FromException(new InvalidOperationException($"cannot fence site {site}'s database: no executor, no local data_dir and no application_user in the plan"));

    public Task<bool> IsFencedAsync(CancellationToken cancellationToken) => Task.FromResult(false);
}
