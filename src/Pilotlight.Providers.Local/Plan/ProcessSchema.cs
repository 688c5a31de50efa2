using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Local.Compute;

namespace Pilotlight.Providers.Local;

/// <summary>
/// <c>compute.provider: process</c> — instances of a local command, one port each, their PIDs and desired count kept
/// as files (so a supervisor, the controller and an operator's command all act on the same instances). Keys:
/// <c>command</c> (required), <c>args</c>, <c>working_dir</c>, <c>ready_path</c> (/readyz), <c>health_path</c>
/// (/healthz), <c>port_variable</c> (PORT), <c>env</c> (a mapping), <c>instances</c> (the most a site runs, default
/// 2), <c>ready_timeout</c> (30s), <c>state_dir</c> and <c>log_dir</c> (default under the plan's state directory);
/// per site <c>base_port</c> (required: instance i listens on base_port + i), <c>host</c> (127.0.0.1),
/// <c>network_namespace</c>, <c>env</c> (added to the top level's), <c>state_dir</c>. For isolated drills: per site
/// <c>drill_base_port</c> (default base_port + 50; an isolated drill's instance i listens on it + i) and
/// <c>drill_env</c> (top level and per site, set over <c>env</c>; <c>{database_host}</c>, <c>{database_port}</c> and
/// <c>{name}</c> are the clone's address and the drill's name; without it the site runs no isolated drill).
/// </summary>
internal sealed class ProcessSchema : IProviderFactory
{
    public ResourceKind Kind => ResourceKind.Compute;

    public string Name => "process";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var command = config.Text("command", required: true, "the program to run, e.g. dotnet");
        var args = config.StringList("args").Select(a => a.Value).ToImmutableArray();
        var workingDir = config.Text("working_dir");
        var readiness = config.Text("ready_path") ?? "/readyz";
        var health = config.Text("health_path") ?? "/healthz";
        var portVariable = config.Text("port_variable") ?? "PORT";
        var environment = Environment(config);
        var drillEnvironment = Environment(config, "drill_env");
        var instances = config.Number("instances", min: 1, max: 64) ?? 2;
        var readyTimeout = config.Duration("ready_timeout") ?? TimeSpan.FromSeconds(30);
        var stateDir = config.Text("state_dir", expected: "a directory for the instances' PID records");
        var logDir = config.Text("log_dir", expected: "a directory for the instances' logs");
        var sites = context.ReadPerSite(config, (block, _) =>
        {
            var port = block.Port("base_port", required: true);
            var host = block.Text("host") ?? "127.0.0.1";
            var netns = block.Text("network_namespace");
            var siteEnvironment = Environment(block);
            var siteState = block.Text("state_dir", expected: "a directory for this site's PID records");
            var drillPort = block.Port("drill_base_port");
            var siteDrillEnvironment = drillEnvironment.SetItems(Environment(block, "drill_env"));
            if (port is null || (drillPort is null && block.Has("drill_base_port")) || !CheckDrillEnvironment(block.Has("drill_env") ? block : config, siteDrillEnvironment))
            {
                return null;
            }

            return new ProcessSite(port.Value, host, netns, siteEnvironment, siteState) { DrillBasePort = drillPort, DrillEnvironment = siteDrillEnvironment };
        });
        ProviderChecks.DistinctPerSite(config, sites, p => p.BasePort.ToString(CultureInfo.InvariantCulture), "base_port");
        if (!CheckDrillPorts(config, sites, instances))
        {
            return null;
        }

        foreach (var (path, key) in new[] { (readiness, "ready_path"), (health, "health_path") })
        {
            if (!path.StartsWith('/'))
            {
                config.Report(key, $"'{path}' does not start with /", "a path such as /readyz");
                return null;
            }
        }

        return command is null || sites.Count != context.Sites.Length
            ? null
            : new ProcessSettings(command, args, workingDir, readiness, sites)
            {
                HealthPath = health,
                PortVariable = portVariable,
                Environment = environment,
                Instances = instances,
                ReadyTimeout = readyTimeout,
                StateDir = stateDir,
                LogDir = logDir,
            };
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var process = (ProcessSettings)settings;
        var root = process.StateDir is { } own ? context.Resolve(own) : Path.Combine(context.StateDirectory, "compute");
        var logs = process.LogDir is { } log ? context.Resolve(log) : Path.Combine(context.StateDirectory, "logs");
        return new ProcessComputeProvider(process.Ports.ToDictionary(p => p.Key, p => new ProcessCompute(new ProcessComputeOptions
        {
            Site = p.Key,
            FileName = process.Command,
            Arguments = process.Args,
            Environment = process.Environment.SetItems(p.Value.Environment),
            PortVariable = process.PortVariable,
            WorkingDirectory = process.WorkingDir is { } dir ? context.Resolve(dir) : null,
            Host = p.Value.Host,
            NetworkNamespace = p.Value.NetworkNamespace,
            BasePort = p.Value.BasePort,
            MaxInstances = process.Instances,
            StateDirectory = p.Value.StateDir is { } siteState ? context.Resolve(siteState) : Path.Combine(root, p.Key),
            LogDirectory = logs,
            ReadyPath = process.ReadyPath,
            HealthPath = process.HealthPath,
            ReadyTimeout = process.ReadyTimeout,
            DrillBasePort = p.Value.DrillBasePort,
            DrillEnvironment = p.Value.DrillEnvironment,
        })));
    }

    /// <summary>
    /// A drill's instances are told where the clone is by <c>{database_port}</c>: a drill_env without it would leave
    /// them on the production database.
    /// </summary>
    private static bool CheckDrillEnvironment(MapReader block, ImmutableDictionary<string, string> drillEnvironment)
    {
        if (drillEnvironment.IsEmpty || drillEnvironment.Values.Any(v => v.Contains("{database_port}", StringComparison.Ordinal)))
        {
            return true;
        }

        block.Report("drill_env", "uses no {database_port}: an isolated drill's instances would not be pointed at the clone", "the database setting with {database_host} and {database_port}, e.g. SHOP_DATABASE: \"Host={database_host};Port={database_port};Database=shop\"");
        return false;
    }

    /// <summary>A drill's ports (from drill_base_port, or base_port + 50) overlap no site's own ports nor the other site's drill ports on the same host.</summary>
    private static bool CheckDrillPorts(MapReader config, ImmutableDictionary<string, ProcessSite> sites, int instances)
    {
        var valid = true;
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, site) in sites.OrderBy(s => config.PositionOf(s.Key).Line))
        {
            earlier.Add(name);
            var first = site.DrillBasePort ?? site.BasePort + ProcessComputeOptions.DefaultDrillOffset;
            var what = site.DrillBasePort is null ? $"the default drill_base_port (base_port + {ProcessComputeOptions.DefaultDrillOffset} = {first})" : $"{first}";
            var block = config.Map(name)!;
            var key = site.DrillBasePort is null ? "base_port" : "drill_base_port";
            if (first + instances - 1 > 65535)
            {
                block.Report(key, $"{what} leaves no room for {instances} isolated drill instances below port 65536", "a drill_base_port with room for `instances` ports");
                valid = false;
                continue;
            }

            foreach (var (otherName, other) in sites.Where(o => o.Value.Host == site.Host))
            {
                var otherDrill = other.DrillBasePort ?? other.BasePort + ProcessComputeOptions.DefaultDrillOffset;
                var clash = Overlaps(first, other.BasePort, instances) ? $"site '{otherName}''s own ports from {other.BasePort}"
                    : otherName != name && earlier.Contains(otherName) && Overlaps(first, otherDrill, instances) ? $"site '{otherName}''s drill ports from {otherDrill}"
                    : null;
                if (clash is not null)
                {
                    block.Report(key, $"{what}: {instances} isolated drill ports from {first} overlap {clash}", "a drill_base_port whose `instances` ports no site uses");
                    valid = false;
                    break;
                }
            }
        }

        return valid;
    }

    private static bool Overlaps(int first, int other, int count) => first < other + count && other < first + count;

    private static ImmutableDictionary<string, string> Environment(MapReader config, string block = "env")
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (config.Map(block) is { } env)
        {
            foreach (var key in env.Keys.ToList())
            {
                if (env.Text(key, expected: "a text value for the variable") is { } value)
                {
                    result[key] = value;
                }
            }
        }

        return result.ToImmutable();
    }
}

/// <summary>Settings of the <c>process</c> compute provider: instance i of a site listens on its base port + i.</summary>
public sealed record ProcessSettings(string Command, ImmutableArray<string> Args, string? WorkingDir, string ReadyPath, ImmutableDictionary<string, ProcessSite> Ports) : ProviderSettings
{
    public string HealthPath { get; init; } = "/healthz";

    public string PortVariable { get; init; } = "PORT";

    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    public int Instances { get; init; } = 2;

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string? StateDir { get; init; }

    public string? LogDir { get; init; }
}

/// <summary>One site's instances: the first port, the address they listen on, their network namespace and environment.</summary>
public sealed record ProcessSite(int BasePort, string Host, string? NetworkNamespace, ImmutableDictionary<string, string> Environment, string? StateDir)
{
    /// <summary>An isolated drill's first port (<c>drill_base_port</c>); null: base_port + 50.</summary>
    public int? DrillBasePort { get; init; }

    /// <summary>Set over <see cref="Environment"/> for isolated drill instances, placeholders not yet filled in; empty: no isolated drills.</summary>
    public ImmutableDictionary<string, string> DrillEnvironment { get; init; } = ImmutableDictionary<string, string>.Empty;
}
