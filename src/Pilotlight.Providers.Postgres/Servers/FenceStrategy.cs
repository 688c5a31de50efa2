namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>How a configured site's server is fenced, strongest first; the plan decides which one is possible.</summary>
internal enum FenceStrategy
{
    /// <summary>The data directory is on this host: standby.signal, then SIGSTOP and SIGKILL of the server's processes.</summary>
    DataDirectory,

    /// <summary>The stop command, run through the executor on the server's host.</summary>
    StopCommand,

    /// <summary>Over SQL: the application's role loses LOGIN and its sessions are terminated.</summary>
    ApplicationRole,

    /// <summary>The plan gives no way to fence: fencing is refused, saying so.</summary>
    None,
}
