namespace Pilotlight.Providers.Postgres;

/// <summary>One site's PostgreSQL server: binaries, data directory, port, and the system user it runs as.</summary>
public sealed record PostgresNodeOptions
{
    public required string Site { get; init; }

    /// <summary>Where initdb, postgres and pg_basebackup are, e.g. /usr/lib/postgresql/15/bin.</summary>
    public required string BinDir { get; init; }

    public required string DataDir { get; init; }

    public required int Port { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The server's log (its standard error); created by <see cref="RunAsUser"/>.</summary>
    public required string LogPath { get; init; }

    /// <summary>The system user the server runs as when Pilotlight is root (PostgreSQL refuses root); null: the current user.</summary>
    public string? RunAsUser { get; init; }

    public string User { get; init; } = "postgres";

    public string Database { get; init; } = "shop";

    /// <summary>A network namespace the server runs in (its <see cref="Host"/> is an address there); null: this one.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>A network (CIDR) trusted besides 127.0.0.1, e.g. the lab's site network.</summary>
    public string? TrustedNetwork { get; init; }

    /// <summary>Where the server puts its Unix socket; default the data directory's parent.</summary>
    public string? SocketDir { get; init; }
}
