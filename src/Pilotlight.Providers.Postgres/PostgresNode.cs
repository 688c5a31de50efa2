using Npgsql;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres;

/// <summary>
/// One site's PostgreSQL server, run as a plain process (not through pg_ctl) so its PID is known and it is
/// stopped by PID. Every operation is idempotent: it checks whether its effect already holds before acting.
/// </summary>
public sealed partial class PostgresNode
{
    private readonly PostgresNodeOptions _options;

    public PostgresNode(PostgresNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public string Site => _options.Site;

    public string Host => _options.Host;

    public int Port => _options.Port;

    public string DataDir => _options.DataDir;

    internal PostgresNodeOptions Options => _options;

    /// <summary>True once the data directory holds a complete cluster (it appears only when set up: see <see cref="InitPrimaryAsync"/>).</summary>
    public bool IsInitialized => File.Exists(Path.Combine(_options.DataDir, "PG_VERSION"));

    /// <summary>For Pilotlight's own short control connections: no pooling, short timeouts.</summary>
    public string ConnectionString => Connection(_options.Database, pooling: false);

    /// <summary>For the application: pooled, still with short timeouts so a lost server is noticed fast.</summary>
    public string ApplicationConnectionString => Connection(_options.Database, pooling: true);

    /// <summary>The running server's process, from postmaster.pid, if that process is a live postgres serving this data directory.</summary>
    public ProcessRecord? Running => Postmaster.Find(_options.DataDir, $"postgres {Site}");

    private string SiteDirectory => Path.GetDirectoryName(Path.GetFullPath(_options.DataDir))!;

    private string SocketDir => _options.SocketDir ?? SiteDirectory;

    /// <summary>A connection string to another database of this server, e.g. <c>postgres</c>.</summary>
    public string Connection(string database, bool pooling) => new NpgsqlConnectionStringBuilder
    {
        Host = _options.Host,
        Port = _options.Port,
        Username = _options.User,
        Database = database,
        Timeout = 2,
        CommandTimeout = 5,
        Pooling = pooling,
        MaxPoolSize = 20,

        // A control connection to a frozen server is given up at once instead of waiting 2 s more for a cancel
        // that the server cannot answer.
        CancellationTimeout = pooling ? 2000 : -1,
    }.ConnectionString;

    /// <summary>On a running primary, creates the database <see cref="PostgresNodeOptions.Database"/> if it is missing.</summary>
    public async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Connection("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = _options.Database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(_options.Database)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created meanwhile by another caller: the effect holds.
        }
    }

    private static string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
