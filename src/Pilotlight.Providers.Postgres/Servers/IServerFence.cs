namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>One way of keeping a site's server from taking writes, and of proving that it takes none.</summary>
internal interface IServerFence
{
    /// <summary>Applies the fence, or throws saying why it could not; never reports a fence that does not hold.</summary>
    Task FenceAsync(CancellationToken cancellationToken);

    /// <summary>True only when the server provably takes no write; false when that cannot be told.</summary>
    Task<bool> IsFencedAsync(CancellationToken cancellationToken);
}
