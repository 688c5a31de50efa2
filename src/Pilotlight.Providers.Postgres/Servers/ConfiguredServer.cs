using Npgsql;

namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>A server of the plan that Pilotlight did not start: reached with the plan's role and password, fenced as strongly as the plan allows.</summary>
internal sealed class ConfiguredServer : PostgresServer
{
    private readonly ConfiguredSite _config;
    private readonly IServerFence _fence;

    public ConfiguredServer(string site, ConfiguredSite config)
        : base(site)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _fence = config.Fence switch
        {
            FenceStrategy.DataDirectory => new DataDirectoryFence(config.DataDir!, $"postgres {site}", ControlConnection),
            FenceStrategy.StopCommand => new StopCommandFence(this, config.Executor, config.StopCommand!),
            FenceStrategy.ApplicationRole => new ApplicationRoleFence(this, config.ApplicationUser!),
            _ => new RefusedFence(site),
        };
    }

    public override string Host => _config.Host;

    public override int Port => _config.Port;

    public FenceStrategy Fence => _config.Fence;

    public override int? DrillPort => _config.DrillPort;

    public override string ControlConnection() => new NpgsqlConnectionStringBuilder
    {
        Host = _config.Host,
        Port = _config.Port,
        Username = _config.User,
        Password = ReadPassword(),
        Database = _config.Database,
        SslMode = _config.SslMode switch
        {
            "disable" => SslMode.Disable,
            "allow" => SslMode.Allow,
            "require" => SslMode.Require,
            "verify-ca" => SslMode.VerifyCA,
            "verify-full" => SslMode.VerifyFull,
            _ => SslMode.Prefer,
        },
        Timeout = 2,
        CommandTimeout = 5,
        Pooling = false,

        // A control connection to a frozen server is given up at once instead of waiting 2 s more for a cancel
        // that the server cannot answer.
        CancellationTimeout = -1,
    }.ConnectionString;

    public override ServerHost OnHost => new()
    {
        Site = Site,
        BinDir = _config.BinDir,
        DataDir = _config.DataDir,
        Executor = _config.Executor,
        StartCommand = _config.StartCommand,
        NetworkNamespace = _config.NetworkNamespace,
        LogFile = _config.LogFile,
    };

    public override ServerLogin Login() => new(_config.Host, _config.Port, _config.User, _config.Database, _config.SslMode, ReadPassword());

    public override Task FenceAsync(CancellationToken cancellationToken) => _fence.FenceAsync(cancellationToken);

    public override Task<bool> IsFencedAsync(CancellationToken cancellationToken) => _fence.IsFencedAsync(cancellationToken);

    public override string? CurrentPassword
    {
        get
        {
            try
            {
                return ReadPassword();
            }
            catch (PasswordUnavailableException)
            {
                return null;
            }
        }
    }

    /// <summary>Read at each connection, so that a rotated password is used at once; null when the plan names no source.</summary>
    private string? ReadPassword()
    {
        switch (_config.Password)
        {
            case null:
                return null;
            case { File: { } path }:
                try
                {
                    var line = File.ReadLines(path).FirstOrDefault()?.TrimEnd('\r', '\n');
                    return string.IsNullOrEmpty(line) ? throw new PasswordUnavailableException($"password file {path}: empty") : line;
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
                {
                    throw new PasswordUnavailableException($"password file {path}: not found");
                }
                catch (UnauthorizedAccessException)
                {
                    throw new PasswordUnavailableException($"password file {path}: not readable");
                }
                catch (IOException e)
                {
                    throw new PasswordUnavailableException($"password file {path}: {e.GetType().Name}");
                }

            case { EnvironmentVariable: { } name }:
                return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                    ? value
                    : throw new PasswordUnavailableException($"password environment variable {name}: not set");
            default:
                return null;
        }
    }
}
