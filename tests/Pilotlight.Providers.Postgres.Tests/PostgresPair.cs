using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Tests;

/// <summary>
/// A real primary (site a) and hot standby (site b) in a temp directory of their own on free ports, built once
/// per test class. Both are always stopped by PID and the directory deleted, even when a test or the setup fails.
/// </summary>
public sealed class PostgresPair : IAsyncLifetime
{
    public const string BinDir = "/usr/lib/postgresql/15/bin";

    private readonly List<ProcessRecord> _started = [];
    private readonly Func<PostgresNode, CancellationToken, Task>? _beforePrimaryStarts;
    private readonly (int Primary, int Standby)? _ports;

    public PostgresPair()
    {
    }

    /// <param name="beforePrimaryStarts">Edits the new primary's cluster (e.g. pg_hba.conf) before it first starts; the standby clones it.</param>
    /// <param name="ports">The servers' ports; null: free ports the kernel hands out.</param>
    internal PostgresPair(Func<PostgresNode, CancellationToken, Task>? beforePrimaryStarts, (int Primary, int Standby)? ports = null)
    {
        _beforePrimaryStarts = beforePrimaryStarts;
        _ports = ports;
    }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"pilotlight-pg-{Guid.NewGuid():N}");

    public PostgresNode Primary { get; private set; } = null!;

    public PostgresNode Standby { get; private set; } = null!;

    public PostgresDatabaseProvider Provider => new(new Dictionary<string, PostgresNode> { ["a"] = Primary, ["b"] = Standby });

    /// <summary>How long each setup step took, for the record.</summary>
    public IReadOnlyList<(string Step, TimeSpan Took)> Timings { get; private set; } = [];

    public static PostgresNode Node(string directory, string site, int port) => new(new PostgresNodeOptions
    {
        Site = site,
        BinDir = BinDir,
        DataDir = Path.Combine(directory, site, "data"),
        Port = port,
        LogPath = Path.Combine(directory, site, "postgres.log"),
        RunAsUser = ProcessLauncher.IsRoot ? "postgres" : null,
    });

    /// <summary>A port the kernel just handed out and nobody listens on; each call a different one.</summary>
    public static int FreePort(params int[] besides)
    {
        while (true)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            if (!besides.Contains(port))
            {
                return port;
            }
        }
    }

    /// <summary>A directory under the temp directory that the server's user can enter (it is not the owner).</summary>
    public static string CreateDirectory(string path)
    {
        System.IO.Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>Starts a node of this pair, remembering its process so that teardown kills it whatever happens.</summary>
    public async Task<ProcessRecord> StartAsync(PostgresNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var record = await node.StartAsync(cancellationToken);
        lock (_started)
        {
            _started.Add(record);
        }

        return record;
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        CreateDirectory(Directory);
        var primaryPort = _ports?.Primary ?? FreePort();
        Primary = Node(Directory, "a", primaryPort);
        Standby = Node(Directory, "b", _ports?.Standby ?? FreePort(primaryPort));
        var timings = new List<(string, TimeSpan)>();
        try
        {
            await TimeAsync("initdb (primary)", () => Primary.InitPrimaryAsync(timeout.Token));
            if (_beforePrimaryStarts is { } configure)
            {
                await configure(Primary, timeout.Token);
            }

            await TimeAsync("start primary until accepting", () => StartAsync(Primary, timeout.Token));
            await Primary.EnsureDatabaseAsync(timeout.Token);
            await TimeAsync("base backup (standby)", () => Standby.CreateStandbyAsync(Primary, timeout.Token));
            await TimeAsync("start standby until accepting", () => StartAsync(Standby, timeout.Token));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        Timings = timings;

        async Task TimeAsync(string step, Func<Task> action)
        {
            var clock = Stopwatch.StartNew();
            await action();
            timings.Add((step, clock.Elapsed));
        }
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var node in new[] { Standby, Primary }.Where(n => n is not null))
        {
            try
            {
                await node.StopAsync(timeout.Token);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException)
            {
                // The kill below still ends it.
            }
        }

        // Whatever StopAsync could not find (postmaster.pid gone, a second server): killed by the PIDs recorded at start.
        ProcessRecord[] started;
        lock (_started)
        {
            started = [.. _started];
        }

        foreach (var record in started.Where(r => r.IsAlive))
        {
            Signals.SendGroup(record, Signals.Kill);
            await Signals.WaitForExitAsync(record, TimeSpan.FromSeconds(10), CancellationToken.None);
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
