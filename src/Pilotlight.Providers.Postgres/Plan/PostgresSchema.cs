using System.Collections.Immutable;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres;

/// <summary><c>database.provider: postgres</c> — a PostgreSQL primary and a streaming hot standby.</summary>
internal sealed partial class PostgresSchema : IProviderFactory
{
    private static readonly string[] ReplicationWords = ["async", "sync"];

    private static readonly string[] SslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

    /// <summary>An immediate shutdown: the fence wants the server gone now, not after its clients leave.</summary>
    internal static readonly ServerCommand DefaultStopCommand = new(["{bin_dir}/pg_ctl", "stop", "-D", "{data_dir}", "-m", "immediate"]);

    public ResourceKind Kind => ResourceKind.Database;

    public string Name => "postgres";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var binDir = config.Text("bin_dir", expected: "the directory of the PostgreSQL server binaries") ?? "/usr/lib/postgresql/15/bin";
        var database = config.Text("database") ?? "postgres";
        var user = config.Text("user", expected: "the role Pilotlight connects as") ?? "postgres";
        var applicationUser = config.Text("application_user", expected: "the application's role, which the SQL fence locks out");
        var sslMode = config.Choice("sslmode", SslModes) ?? (config.Has("sslmode") ? null : "prefer");
        var replication = config.Choice("replication", ReplicationWords) ?? (config.Has("replication") ? null : "async");
        var shared = ReadServerKeys(config);
        var nodes = context.ReadPerSite(config, (site, _) =>
        {
            var host = site.Text("host") ?? "127.0.0.1";
            var port = site.Port("port", required: true);
            var drillPort = site.Port("drill_port");
            var dataDir = site.Text("data_dir", expected: "the server's data directory");
            var netns = NetworkNamespace(site);
            var logFile = site.Text("log_file", expected: "the file the server's output goes to when Pilotlight starts it on this host");
            var own = ReadServerKeys(site);
            if (port is null || own is null || shared is null || netns.Invalid || (drillPort is null && site.Has("drill_port")))
            {
                return null;
            }

            if (drillPort == port)
            {
                site.Report("drill_port", $"is the site's own port {port}", "another port, for the clone an isolated drill makes of this site's database");
                return null;
            }

            var merged = own.Over(shared);
            return Check(site, merged, dataDir, logFile)
                ? merged.ToSite(new Endpoint(host, port.Value), dataDir) with { NetworkNamespace = netns.Value, LogFile = logFile, DrillPort = drillPort }
                : null;
        });
        ProviderChecks.DistinctPerSite(config, nodes, n => n.Address.ToString(), "address");
        var valid = shared is not null && CheckDrillPorts(config, nodes);
        if (!valid || sslMode is null || replication is null || nodes.Count != context.Sites.Length)
        {
            return null;
        }

        return new PostgresSettings(binDir, database, user, replication == "sync", nodes) { ApplicationUser = applicationUser, SslMode = sslMode };
    }

    /// <summary>A clone is made from a data directory, and listens where no site's server does.</summary>
    private static bool CheckDrillPorts(MapReader config, ImmutableDictionary<string, PostgresSite> nodes)
    {
        var valid = true;
        foreach (var (name, node) in nodes.Where(n => n.Value.DrillPort is not null))
        {
            var site = config.Map(name)!;
            if (node.DataDir is null)
            {
                site.Report("drill_port", "is given, but the site has no data_dir", "a data_dir for the site (a clone is copied beside it), or no drill_port");
                valid = false;
            }
            else if (nodes.FirstOrDefault(o => o.Value.Address == new Endpoint(node.Address.Host, node.DrillPort!.Value)) is { Key: { } other })
            {
                site.Report("drill_port", $"{node.DrillPort} is the port of site '{other}''s server", "a port no site's server listens on");
                valid = false;
            }
        }

        return valid;
    }

    /// <summary>A site that runs commands on its host needs a way to stop the server there; placeholders need their values.</summary>
    private static bool Check(MapReader site, ServerKeys keys, string? dataDir, string? logFile)
    {
        if (logFile is not null && dataDir is null)
        {
            site.Report("log_file", "is given, but the site has no data_dir", "a data_dir for the site (Pilotlight starts a server on this host only from its data_dir), or no log_file");
            return false;
        }


        if (keys.Executor is not null && keys.StopCommand is null && dataDir is null)
        {
            site.Report("stop_command", "is missing: with an executor, Pilotlight stops the server through it", "a stop_command, or a data_dir for pg_ctl stop");
            return false;
        }

        foreach (var (key, command) in new[] { ("executor", keys.Executor), ("stop_command", keys.StopCommand), ("start_command", keys.StartCommand) })
        {
            if (dataDir is null && command is not null && command.Uses("{data_dir}"))
            {
                site.Report(key, "uses {data_dir}, but the site has no data_dir", "a data_dir for the site, or a command without {data_dir}");
                return false;
            }
        }

        return true;
    }

    /// <summary>An <c>ip netns</c> name: letters, digits, '.', '_' and '-' (it becomes a path under /run/netns).</summary>
    private static (string? Value, bool Invalid) NetworkNamespace(MapReader site)
    {
        var name = site.Text("network_namespace", expected: "the network namespace (ip netns) the server runs in");
        if (name is null)
        {
            return (null, site.Has("network_namespace"));
        }

        if (name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            site.Report("network_namespace", $"'{name}' is not a network namespace name", "a name of letters, digits, '.', '_' and '-', as ip netns lists it");
            return (null, true);
        }

        return (name, false);
    }

    /// <summary>The keys both the top level and a site may give; null when one of them is invalid.</summary>
    private static ServerKeys? ReadServerKeys(MapReader block)
    {
        var executor = Command(block, "executor", "a command prefix that runs a command on the server's host, e.g. ssh -o BatchMode=yes db-a");
        var stop = Command(block, "stop_command", "a command that stops the server, e.g. systemctl stop postgresql@15-main");
        var start = Command(block, "start_command", "a command that starts the server");
        var file = block.Text("password_file", expected: "the path of a file whose first line is the password");
        var variable = block.Text("password_env", expected: "the name of an environment variable that holds the password");
        if (file is not null && variable is not null)
        {
            block.Report("password_env", "and password_file are both given", "one source of the password: password_file or password_env");
            return null;
        }

        if (executor.Invalid || stop.Invalid || start.Invalid)
        {
            return null;
        }

        return new ServerKeys(executor.Value, stop.Value, start.Value, file is null && variable is null ? null : new PasswordSource(file, variable));
    }

    private static (ServerCommand? Value, bool Invalid) Command(MapReader block, string key, string expected)
    {
        var text = block.Text(key, expected: expected);
        if (text is null)
        {
            return (null, block.Has(key));
        }

        var command = ServerCommand.Parse(text, out var error);
        if (command is null)
        {
            block.Report(key, error!, expected);
            return (null, true);
        }

        return (command, false);
    }

    private sealed record ServerKeys(ServerCommand? Executor, ServerCommand? StopCommand, ServerCommand? StartCommand, PasswordSource? Password)
    {
        public ServerKeys Over(ServerKeys shared) =>
            new(Executor ?? shared.Executor, StopCommand ?? shared.StopCommand, StartCommand ?? shared.StartCommand, Password ?? shared.Password);

        public PostgresSite ToSite(Endpoint address, string? dataDir) => new(address, dataDir)
        {
            Executor = Executor,
            StopCommand = StopCommand ?? (dataDir is null ? null : DefaultStopCommand),
            StartCommand = StartCommand,
            Password = Password,
        };
    }
}
