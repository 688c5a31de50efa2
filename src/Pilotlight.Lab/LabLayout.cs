using System.Collections.Immutable;

namespace Pilotlight.Lab;

/// <summary>
/// Where every part of a lab lives: ports derived from one base port, paths under one state directory.
/// </summary>
/// <remarks>
/// Ports: base = the traffic entry; base+1, base+2 = PostgreSQL of a and b; base+4, base+5 = an isolated drill's
/// clone of a's and of b's database; base+10.. = instances of a; base+20.. = instances of b; base+30.. and base+40..
/// = an isolated drill's instances of a and of b. All inside the block of 100 each lab is given.
/// </remarks>
public sealed record LabLayout(string StateDirectory, int BasePort)
{
    public const int DefaultBasePort = 17400;

    public const int InstancesPerSite = 2;

    public static ImmutableArray<string> Sites { get; } = ["a", "b"];

    public static string OtherSite(string site) => site == "a" ? "b" : "a";

    public int EntryPort => BasePort;

    public Uri EntryUrl => new($"http://127.0.0.1:{EntryPort}");

    public int DatabasePort(string site) => BasePort + 1 + SiteIndex(site);

    public int InstanceBasePort(string site) => BasePort + 10 + (10 * SiteIndex(site));

    /// <summary>Where an isolated drill's clone of the site's database listens (the plan's <c>drill_port</c>).</summary>
    public int DrillDatabasePort(string site) => BasePort + 4 + SiteIndex(site);

    /// <summary>Where an isolated drill's instances of the site listen (the plan's <c>drill_base_port</c>).</summary>
    public int DrillInstanceBasePort(string site) => BasePort + 30 + (10 * SiteIndex(site));

    public IEnumerable<int> AllPorts =>
        [EntryPort, .. Sites.Select(DatabasePort), .. Sites.SelectMany(s => Enumerable.Range(InstanceBasePort(s), InstancesPerSite))];

    public string PlanPath => Path.Combine(StateDirectory, "pilotlight.yaml");

    public string StatePath => Path.Combine(StateDirectory, "lab.json");

    public string LockPath => Path.Combine(StateDirectory, "lab.lock");

    /// <summary>Present while the lab is down (written by lab down, removed by lab up): a controller stops on it.</summary>
    public string DownMarkerPath => new Engine.EngineLayout(StateDirectory).StopMarkerPath;

    public string LogDirectory => Path.Combine(StateDirectory, "logs");

    public string DatabaseDirectory(string site) => Path.Combine(StateDirectory, "pg", site);

    public string DatabaseDataDirectory(string site) => Path.Combine(DatabaseDirectory(site), "data");

    public string ObjectsDirectory(string site) => Path.Combine(StateDirectory, "objects", site);

    public string SecretsPath(string site) => Path.Combine(StateDirectory, "secrets", site, "shop.env");

    public string ComputeDirectory(string site) => Path.Combine(StateDirectory, "compute", site);

    /// <summary>The objects replication direction, where the plan's <c>filesystem</c> provider keeps it (its state directory).</summary>
    public string ObjectsDirectionPath => Path.Combine(StateDirectory, Providers.Local.Objects.ReplicationDirectionFile.FileName);

    public string HaproxyDirectory => Path.Combine(StateDirectory, "haproxy");

    public string DaemonRecordPath(string name) => Path.Combine(StateDirectory, "daemons", $"{name}.json");

    public static int SiteIndex(string site) => Sites.IndexOf(site) is >= 0 and var i ? i : throw new ArgumentException($"no site '{site}' in the lab; expected a or b", nameof(site));
}
