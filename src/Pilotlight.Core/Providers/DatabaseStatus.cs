namespace Pilotlight.Core.Providers;

/// <summary>
/// One site's database as observed: its role, timeline, WAL position, and on a standby how far it trails
/// (bytes received but not replayed plus bytes not yet received, and the replay delay in time).
/// </summary>
public sealed record DatabaseStatus(
    string Site,
    DatabaseRole Role,
    int? Timeline,
    string? Lsn,
    long? LagBytes,
    TimeSpan? LagTime,
    bool Streaming,
    string? Problem);

/// <summary>What a database server is acting as.</summary>
public enum DatabaseRole
{
    Unreachable,
    Primary,
    Standby,
}
