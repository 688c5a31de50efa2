namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>
/// How Pilotlight acts on a server's host for switchover and failback: through the site's executor (a command prefix
/// such as <c>ssh -o BatchMode=yes root@db-a</c>), or on this host when the data directory is here and there is no
/// executor. Starting the server takes the start command when given, else a local <c>postgres -D</c>.
/// </summary>
internal sealed record ServerHost
{
    public required string Site { get; init; }

    public required string BinDir { get; init; }

    /// <summary>On the server's host; null when the plan does not say (then no rewind, base backup or demotion).</summary>
    public string? DataDir { get; init; }

    public ServerCommand? Executor { get; init; }

    public ServerCommand? StartCommand { get; init; }

    /// <summary>For a server started on this host: the network namespace it runs in.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>For a server started on this host: where its output goes.</summary>
    public string? LogFile { get; init; }

    /// <summary>The data directory is on this host, with no executor in between.</summary>
    public bool IsLocal => Executor is null && DataDir is not null;
}
