namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>One site's server as the factory configured it: paths resolved, placeholders filled in.</summary>
internal sealed record ConfiguredSite
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>Where an isolated drill's clone of this site's database listens, from the plan; null: not set.</summary>
    public int? DrillPort { get; init; }

    public required string Database { get; init; }

    public required string User { get; init; }

    public string? ApplicationUser { get; init; }

    public required string SslMode { get; init; }

    /// <summary>The server binaries on the server's host (pg_ctl, pg_rewind, pg_controldata…).</summary>
    public string BinDir { get; init; } = "/usr/lib/postgresql/15/bin";

    /// <summary>The network namespace a server started on this host runs in; null: this host's.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Absolute: where a server started on this host logs; null only without a data directory.</summary>
    public string? LogFile { get; init; }

    /// <summary>Absolute; on this host only when there is no <see cref="Executor"/>.</summary>
    public string? DataDir { get; init; }

    public ServerCommand? Executor { get; init; }

    public ServerCommand? StopCommand { get; init; }

    public ServerCommand? StartCommand { get; init; }

    /// <summary>A file path here is absolute.</summary>
    public PasswordSource? Password { get; init; }

    /// <summary>The strongest fence the plan allows for this site (see <see cref="FenceStrategy"/>).</summary>
    public FenceStrategy Fence => this switch
    {
        { DataDir: not null, Executor: null } => FenceStrategy.DataDirectory,
        { Executor: not null } or { StopCommand: not null } => FenceStrategy.StopCommand,
        { ApplicationUser: not null } => FenceStrategy.ApplicationRole,
        _ => FenceStrategy.None,
    };
}
