using System.Net;
using System.Net.Sockets;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Tests;

/// <summary>Setups that must fail at once with one clear line; no server is started.</summary>
public sealed class SetupFailureTests : IDisposable
{
    private readonly string _directory = PostgresPair.CreateDirectory(Path.Combine(Path.GetTempPath(), $"pilotlight-pg-{Guid.NewGuid():N}"));

    [Fact]
    public async Task InitPrimary_UnderADirectoryTheServerUserCannotEnter_SaysWhichAndSuggestsAnother()
    {
        if (!ProcessLauncher.IsRoot)
        {
            return; // only root hands the server to another user
        }

        var closed = Path.Combine(_directory, "closed");
        System.IO.Directory.CreateDirectory(closed);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var node = PostgresPair.Node(Path.Combine(closed, "state"), "a", PostgresPair.FreePort());

        var error = await Should.ThrowAsync<InvalidOperationException>(() => node.InitPrimaryAsync(CancellationToken.None));

        error.Message.ShouldContain($"cannot enter {closed}");
        error.Message.ShouldContain("/tmp or /var/lib");
        error.Message.ShouldNotContain("\n");
        node.IsInitialized.ShouldBeFalse();
    }

    [Fact]
    public async Task Start_OnAPortInUse_NamesThePortAndItsOwner()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var node = PostgresPair.Node(_directory, "a", port);
        System.IO.Directory.CreateDirectory(node.DataDir);
        await File.WriteAllTextAsync(Path.Combine(node.DataDir, "PG_VERSION"), "15\n"); // looks initialized; never started

        var error = await Should.ThrowAsync<InvalidOperationException>(() => node.StartAsync(CancellationToken.None));

        error.Message.ShouldContain($"port {port} is in use by ");
        error.Message.ShouldContain($"(pid {Environment.ProcessId})");
    }

    [Fact]
    public async Task InitPrimary_OnANonEmptyDirectoryThatIsNoCluster_RefusesWithoutTouchingIt()
    {
        var node = PostgresPair.Node(_directory, "a", PostgresPair.FreePort());
        System.IO.Directory.CreateDirectory(node.DataDir);
        var precious = Path.Combine(node.DataDir, "precious.txt");
        await File.WriteAllTextAsync(precious, "keep me");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => node.InitPrimaryAsync(CancellationToken.None));

        error.Message.ShouldContain("holds no database cluster");
        File.Exists(precious).ShouldBeTrue();
    }

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
}
