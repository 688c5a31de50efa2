using System.Globalization;
using Npgsql;
using Pilotlight.Core.Processes;

namespace Pilotlight.Providers.Postgres;

/// <summary>
/// One site's PostgreSQL server, run as a plain process (not through pg_ctl) so its PID is known and it is
/// stopped by PID. Every operation is idempotent: it checks whether its effect already holds before acting.
/// </summary>
public sealed partial class PostgresNode
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly PostgresNodeOptions _options;

    public PostgresNode(PostgresNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public string Site => _options.Site;

    public int Port => _options.Port;

    public string DataDir => _options.DataDir;

    private string SiteDirectory => Path.GetDirectoryName(Path.GetFullPath(_options.DataDir))!;

    private string SocketDir => _options.SocketDir ?? SiteDirectory;

    public bool IsInitialized => File.Exists(Path.Combine(_options.DataDir, "PG_VERSION"));

    /// <summary>For Pilotlight's own short control connections: no pooling, short timeouts.</summary>
    public string ConnectionString => Connection(_options.Database, pooling: false);

    /// <summary>For the application: pooled, still with short timeouts so a lost server is noticed fast.</summary>
    public string ApplicationConnectionString => Connection(_options.Database, pooling: true);

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
    }.ConnectionString;

    /// <summary>The running server's process, from postmaster.pid, if that process is a live postgres.</summary>
    public ProcessRecord? Running
    {
        get
        {
            try
            {
                var pidFile = Path.Combine(_options.DataDir, "postmaster.pid");
                if (!File.Exists(pidFile))
                {
                    return null;
                }

                var first = File.ReadLines(pidFile).FirstOrDefault();
                if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    return null;
                }

                var comm = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/comm").Trim();
                return comm is "postgres" or "postmaster" && ProcessRecord.Of(pid, $"postgres {Site}") is { IsAlive: true } record ? record : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    public async Task<ProcessRecord> StartAsync(CancellationToken cancellationToken)
    {
        if (Running is { } running)
        {
            return running;
        }

        if (!IsInitialized)
        {
            throw new InvalidOperationException($"postgres {Site}: {_options.DataDir} holds no database cluster");
        }

        if (_options.NetworkNamespace is null && !Ports.IsFree(_options.Port))
        {
            var owner = Ports.Owner(_options.Port);
            throw new InvalidOperationException($"port {_options.Port} is in use{(owner is null ? "" : $" by {owner}")}; postgres {Site} cannot start on it");
        }

        var record = ProcessLauncher.StartDetached(new ProcessSpec
        {
            Name = $"postgres {Site}",
            FileName = Path.Combine(_options.BinDir, "postgres"),
            Arguments = ["-D", _options.DataDir],
            LogPath = _options.LogPath,
            RunAsUser = _options.RunAsUser,
            NetworkNamespace = _options.NetworkNamespace,
        });

        try
        {
            await Poll.UntilAsync(
                async ct =>
                {
                    if (!record.IsAlive)
                    {
                        throw new InvalidOperationException($"postgres {Site} exited while starting: {LastLogLine()}");
                    }

                    return await AcceptsQueriesAsync(ct);
                },
                StartTimeout,
                $"postgres {Site} to accept connections on port {_options.Port}",
                cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"{e.Message}; last log line: {LastLogLine()}", e);
        }

        return Running ?? record;
    }

    /// <summary>Fast shutdown by PID (SIGINT), SIGKILL of the whole server after 10 s; returns when the port is free.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Running is not { } running)
        {
            return;
        }

        Signals.Send(running, Signals.Cont);
        Signals.Send(running, Signals.Interrupt);
        if (!await Signals.WaitForExitAsync(running, TimeSpan.FromSeconds(10), cancellationToken))
        {
            Signals.SendGroup(running, Signals.Kill);
            await Signals.WaitForExitAsync(running, TimeSpan.FromSeconds(10), cancellationToken);
        }

        if (_options.NetworkNamespace is null)
        {
            await Poll.UntilAsync(_ => Task.FromResult(Ports.IsFree(_options.Port)), TimeSpan.FromSeconds(10), $"port {_options.Port} to be free after stopping postgres {Site}", cancellationToken);
        }
    }

    public async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Connection("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = _options.Database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_options.Database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<bool> AcceptsQueriesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Connection("postgres", pooling: false));
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private string LastLogLine()
    {
        try
        {
            return File.ReadLines(_options.LogPath).Where(l => l.Trim().Length > 0).TakeLast(1).SingleOrDefault() ?? "(empty log)";
        }
        catch (IOException)
        {
            return $"(no log at {_options.LogPath})";
        }
    }
}
