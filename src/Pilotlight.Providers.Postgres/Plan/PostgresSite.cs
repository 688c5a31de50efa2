namespace Pilotlight.Providers.Postgres;

/// <summary>One site's PostgreSQL server, as the plan describes it (site keys override the top level's).</summary>
/// <param name="DataDir">The data directory, when known; with no <see cref="Executor"/> it is on this host.</param>
public sealed record PostgresSite(Core.Plans.Reading.Endpoint Address, string? DataDir)
{
    /// <summary>A command prefix that runs a command on the server's host, e.g. <c>ssh -o BatchMode=yes db-a</c>; null: this host.</summary>
    public ServerCommand? Executor { get; init; }

    /// <summary>Stops the server (run after <see cref="Executor"/>); placeholders not yet filled in.</summary>
    public ServerCommand? StopCommand { get; init; }

    public ServerCommand? StartCommand { get; init; }

    /// <summary>The network namespace (<c>ip netns</c>) Pilotlight starts the server in on this host; null: this host's.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>
    /// Where the server's output goes when Pilotlight starts it on this host, as written (relative to the plan's
    /// directory); null: <c>postgres.log</c> beside the data directory, as the lab has it.
    /// </summary>
    public string? LogFile { get; init; }

    /// <summary>The port an isolated drill's clone of this site's database listens on (<c>drill_port</c>); null: not set.</summary>
    public int? DrillPort { get; init; }

    /// <summary>Where the control role's password comes from; null: none (trust, peer or .pgpass).</summary>
    public PasswordSource? Password { get; init; }
}
