namespace Pilotlight.Core.Providers;

/// <summary>Drives one kind of database replication between the plan's two sites.</summary>
public interface IDatabaseProvider
{
    /// <summary>The role, position and lag of one site's database; never throws for an unreachable server.</summary>
    Task<DatabaseStatus> GetStatusAsync(string site, CancellationToken cancellationToken);
}
