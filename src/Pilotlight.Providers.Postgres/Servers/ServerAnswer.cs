namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>What a server said when asked whether it is in recovery.</summary>
internal enum ServerAnswer
{
    Primary,
    Standby,

    /// <summary>Nothing listens on its port: the connection was refused.</summary>
    Down,

    /// <summary>No answer in time, or a refusal of another kind (authentication, starting up): it cannot be told.</summary>
    Unknown,
}
