namespace Pilotlight.Core.Providers;

/// <summary>Drives one kind of database replication between the plan's two sites.</summary>
public interface IDatabaseProvider
{
    /// <summary>The role, position and lag of one site's database; never throws for an unreachable server.</summary>
    Task<DatabaseStatus> GetStatusAsync(string site, CancellationToken cancellationToken);

    /// <summary>
    /// Only the role of one site's database, asking that site alone — never the other one, which may be the lost
    /// site (a question to a partitioned server costs its whole timeout).
    /// </summary>
    async Task<DatabaseRole> GetRoleAsync(string site, CancellationToken cancellationToken) => (await GetStatusAsync(site, cancellationToken)).Role;

    /// <summary>Makes a site's replica a writable primary; returns at once if it already is one.</summary>
    Task PromoteAsync(string site, CancellationToken cancellationToken);

    /// <summary>
    /// Stops a site's database from taking writes from any client — a fence that holds, not a session default —
    /// and never waits on a lost site beyond the caller's timeout. Throws when the fence could not be applied.
    /// </summary>
    Task FenceAsync(string site, CancellationToken cancellationToken);

    /// <summary>True only when the site's database provably takes no write; false when it cannot be told.</summary>
    Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken);
}
