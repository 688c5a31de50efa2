namespace Pilotlight.Core.Providers;

/// <summary>
/// A database provider that can make an isolated, writable copy of one site's database on that site's host — for an
/// isolated drill — without touching replication: the site's own server keeps streaming as before.
/// </summary>
public interface IDatabaseClone
{
    /// <summary>
    /// Copies the site's database as of now into a server of its own named <paramref name="name"/>, started writable
    /// on <paramref name="port"/> on the site's host; idempotent for the same name (a running clone is returned as it is).
    /// </summary>
    Task<DatabaseClone> CloneAsync(string site, string name, int port, CancellationToken cancellationToken);

    /// <summary>Stops the clone and deletes its files; nothing to do when there is none.</summary>
    Task DropCloneAsync(string site, string name, CancellationToken cancellationToken);

    /// <summary>
    /// The port the plan sets aside for a clone of <paramref name="site"/>'s database (postgres: the site's
    /// <c>drill_port</c>), or null when it sets none and the caller must choose one.
    /// </summary>
    int? ClonePort(string site) => null;
}

/// <summary>A clone's server: where it listens, where its files are, the position it was copied at.</summary>
public sealed record DatabaseClone(string Site, string Name, string Host, int Port, string DataDirectory)
{
    /// <summary>The WAL position the copy ends at, when the provider can tell.</summary>
    public string? Lsn { get; init; }
}
