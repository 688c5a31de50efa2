using System.Net;
using System.Net.Sockets;
using Pilotlight.Core.Processes;

namespace Pilotlight.Providers.Postgres.Tests;

/// <summary>
/// A real primary and hot standby in a temp directory on free ports, built once per test class and always
/// stopped by PID and deleted afterwards.
/// </summary>
public sealed class PostgresPair : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"pilotlight-pg-{Guid.NewGuid():N}");

    public PostgresNode Primary { get; private set; } = null!;

    public PostgresNode Standby { get; private set; } = null!;

    public PostgresDatabaseProvider Provider => new(new Dictionary<string, PostgresNode> { ["a"] = Primary, ["b"] = Standby });

    public static PostgresNode Node(string directory, string site, int port) => new(new PostgresNodeOptions
    {
        Site = site,
        BinDir = "/usr/lib/postgresql/15/bin",
        DataDir = Path.Combine(directory, site, "data"),
        Port = port,
        LogPath = Path.Combine(directory, site, "postgres.log"),
        RunAsUser = ProcessLauncher.IsRoot ? "postgres" : null,
    });

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, (UnixFileMode)0b111_101_101);
        Primary = Node(Directory, "a", FreePort());
        Standby = Node(Directory, "b", FreePort());
        await Primary.InitPrimaryAsync(timeout.Token);
        await Primary.StartAsync(timeout.Token);
        await Primary.EnsureDatabaseAsync(timeout.Token);
        await Standby.CreateStandbyAsync(Primary, timeout.Token);
        await Standby.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { Standby, Primary }.Where(n => n is not null))
        {
            if (node.Running is { } running)
            {
                Signals.SendGroup(running, Signals.Cont);
            }

            await node.StopAsync(CancellationToken.None);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
