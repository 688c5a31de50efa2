using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;
using Pilotlight.Core.State;
using Pilotlight.Engine;
using Pilotlight.Processes;
using Pilotlight.Providers.HAProxy;
using Pilotlight.Providers.Local.Compute;
using Pilotlight.Providers.Local.Objects;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab;

/// <summary>
/// Two sites on this machine built from real parts — PostgreSQL streaming replication, a filesystem object
/// store replicated one way, the sample Shop as processes, HAProxy as the single entry — under one state directory.
/// </summary>
public sealed partial class Lab
{
    private readonly LabOptions _options;

    public Lab(LabOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var stateDirectory = Path.GetFullPath(options.StateDirectory);
        LabState? existing = null;
        try
        {
            existing = LabState.Load(Path.Combine(stateDirectory, "lab.json"));
        }
        catch (DamagedStateException)
        {
            // Refused where the state is needed (State); lab down still stops what the PID records name.
        }

        Layout = new LabLayout(stateDirectory, existing?.BasePort ?? options.BasePort);
    }

    public LabLayout Layout { get; }

    /// <summary>
    /// The saved state, or the state a new lab starts with (site a active) when there is none yet; a damaged
    /// <c>lab.json</c> throws <see cref="DamagedStateException"/>.
    /// </summary>
    /// <remarks>
    /// Which site is active is the engine's site state (<c>site-state.json</c>, written by failovers); lab.json's
    /// <c>ActiveSite</c> is only the site the lab was brought up with, and gives way to it.
    /// </remarks>
    public LabState State
    {
        get
        {
            var state = LabState.Load(Layout.StatePath) ?? new LabState(Layout.BasePort, _options.Synchronous, "a", _options.Netns);
            return SiteState.Load(new EngineLayout(Layout.StateDirectory).SiteStatePath, LabLayout.Sites) is { } sites ? state with { ActiveSite = sites.Active } : state;
        }
    }

    /// <summary>The lab's plan, as lab up wrote it.</summary>
    internal Plan ReadPlan()
    {
        var result = PlanFile.Read(Layout.PlanPath, LabProviders.Registry, TimeProvider.System);
        return result.Plan ?? throw new LabException($"the lab's plan {Layout.PlanPath} is invalid: {result.Problems.FirstOrDefault()}");
    }

    private LabNetwork Network => new(Layout.BasePort);

    /// <summary>The address a site's services listen on: its namespace's address, or 127.0.0.1.</summary>
    public string Host(string site) => State.Netns ? Network.Address(site) : "127.0.0.1";

    private string? Namespace(string site) => State.Netns ? Network.Namespace(site) : null;

    /// <summary>The network namespace a site runs in, or null when the lab has none.</summary>
    internal string? NetworkNamespaceOf(string site) => Namespace(site);

    public bool Exists => File.Exists(Layout.StatePath);

    private static string? DatabaseUser => ProcessLauncher.IsRoot ? "postgres" : null;

    public PostgresNode Database(string site) => new(new PostgresNodeOptions
    {
        Site = site,
        BinDir = _options.PostgresBinDirectory,
        DataDir = Layout.DatabaseDataDirectory(site),
        Port = Layout.DatabasePort(site),
        Host = Host(site),
        NetworkNamespace = Namespace(site),
        TrustedNetwork = State.Netns ? Network.Subnet : null,
        LogPath = Path.Combine(Layout.DatabaseDirectory(site), "postgres.log"),
        RunAsUser = DatabaseUser,
    });

    public HaproxyEntry Entry => new(new HaproxyOptions
    {
        Listen = new Endpoint("127.0.0.1", Layout.EntryPort),
        ConfigPath = Path.Combine(Layout.HaproxyDirectory, "haproxy.cfg"),
        AdminSocketPath = Path.Combine(Layout.HaproxyDirectory, "admin.sock"),
        LogPath = Path.Combine(Layout.LogDirectory, "haproxy.log"),
        Binary = _options.HaproxyBinary,
        Servers = [.. LabLayout.Sites.SelectMany(site => Enumerable.Range(0, LabLayout.InstancesPerSite)
            .Select(i => new HaproxyBackendServer(site, $"{site}{i + 1}", Host(site), Layout.InstanceBasePort(site) + i)))],
        ActiveSite = State.ActiveSite,
    });

    public ProcessCompute Compute(string site) => new(new ProcessComputeOptions
    {
        Site = site,
        FileName = _options.DotnetHost,
        Arguments = [_options.ShopAssembly],
        Environment = ImmutableDictionary<string, string>.Empty
            .Add("SHOP_SITE", site)
            .Add("SHOP_HOST", Host(site))
            .Add("SHOP_DATABASE", Database(site).ApplicationConnectionString)
            .Add("SHOP_OBJECTS", Layout.ObjectsDirectory(site))
            .Add("SHOP_SETTINGS", Layout.SecretsPath(site))
            .Add("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            .Add("DOTNET_NOLOGO", "1"),
        PortVariable = "SHOP_PORT",
        Host = Host(site),
        NetworkNamespace = Namespace(site),
        BasePort = Layout.InstanceBasePort(site),
        MaxInstances = LabLayout.InstancesPerSite,
        StateDirectory = Layout.ComputeDirectory(site),
        LogDirectory = Layout.LogDirectory,
        DrillBasePort = Layout.DrillInstanceBasePort(site),
        DrillEnvironment = ImmutableDictionary<string, string>.Empty.Add("SHOP_DATABASE", DrillDatabaseConnectionString(site)),
    });

    /// <summary>
    /// The application's connection string for an isolated drill's instances of <paramref name="site"/>: the site's own,
    /// with <c>{database_host}</c> and <c>{database_port}</c> for the clone's address (filled in by the compute provider).
    /// </summary>
    internal string DrillDatabaseConnectionString(string site)
    {
        var own = new Npgsql.NpgsqlConnectionStringBuilder(Database(site).ApplicationConnectionString);
        own.Remove("Host");
        own.Remove("Port");
        return $"Host={{database_host}};Port={{database_port}};{own.ConnectionString}";
    }

    /// <summary>
    /// Both sites' object stores with the direction file the plan's <c>filesystem</c> provider keeps (the lab's plan
    /// has the lab's state directory as its own): what the lab and the engine build agree on the direction.
    /// </summary>
    public FilesystemObjectStore Objects(TimeProvider clock) =>
        new(LabLayout.Sites.ToDictionary(s => s, Layout.ObjectsDirectory), clock, Layout.ObjectsDirectionPath);

    /// <summary>The objects direction before any was recorded (a lab from before directions were): the active site's to the other.</summary>
    internal ReplicationDirection UnrecordedObjectsDirection
    {
        get
        {
            var active = State.ActiveSite;
            return new(active, LabLayout.OtherSite(active));
        }
    }

    /// <summary>The daemons a lab runs while its sites are up: a compute supervisor and an object replicator per site.</summary>
    /// <remarks>A lab from before directions ran one replicator, under one of these same names: lab down stops it by them too.</remarks>
    public static ImmutableArray<LabDaemon> Daemons { get; } =
        [LabDaemon.Supervisor("a"), LabDaemon.Supervisor("b"), LabDaemon.Replicator("a"), LabDaemon.Replicator("b")];

    public ProcessRecord? RunningDaemon(LabDaemon daemon) => ReadRecord(Layout.DaemonRecordPath(daemon.Name)) is { IsAlive: true } r ? r : null;

    private ProcessRecord StartDaemon(LabDaemon daemon)
    {
        if (RunningDaemon(daemon) is { } running)
        {
            return running;
        }

        var command = _options.PilotlightCommand;
        var record = ProcessLauncher.StartDetached(new ProcessSpec
        {
            Name = daemon.Name,
            FileName = command[0],
            Arguments = [.. command.Skip(1), .. daemon.Arguments, "--state-dir", Layout.StateDirectory],
            LogPath = Path.Combine(Layout.LogDirectory, $"{daemon.Name}.log"),
            NetworkNamespace = Namespace(daemon.Site),
            Environment = ImmutableDictionary<string, string>.Empty.Add("PILOTLIGHT_SHOP_DLL", _options.ShopAssembly),
        });
        Directory.CreateDirectory(Path.GetDirectoryName(Layout.DaemonRecordPath(daemon.Name))!);
        File.WriteAllText(Layout.DaemonRecordPath(daemon.Name), JsonSerializer.Serialize(record));
        return record;
    }

    private static ProcessRecord? ReadRecord(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<ProcessRecord>(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
