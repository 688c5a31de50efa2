using System.Globalization;
using Pilotlight.Processes;

namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>
/// A real HAProxy that Pilotlight did not configure: a hand-written config with backend <c>web</c> (a1, a2 of site
/// a; b1, b2 of site b, disabled), a unix admin socket, a TCP admin address and a server-state file, in its own
/// temp directory on free ports, in front of four real HTTP servers answering <c>{"site":"a","server":"a1"}</c>.
/// <see cref="StartAsync"/> returns once site a answers through the frontend. Disposing always stops HAProxy by PID
/// and deletes the directory.
/// </summary>
internal sealed class UserHaproxy : IAsyncDisposable
{
    private static readonly string[] ServerNames = ["a1", "a2", "b1", "b2"];

    private readonly List<NamedBackend> _backends;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ProcessRecord? _process;

    private UserHaproxy(string directory, List<NamedBackend> backends)
    {
        Directory = directory;
        _backends = backends;
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "haproxy.cfg");

    public string SocketPath => Path.Combine(Directory, "admin.sock");

    public string StateFilePath => Path.Combine(Directory, "server-state");

    public int Port { get; } = HaproxyLab.FreePort();

    public int AdminPort { get; } = HaproxyLab.FreePort();

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>The traffic block of a plan for this HAProxy: the unix socket, or the TCP address, and both sites' servers.</summary>
    public string PlanConfig(bool tcp = false, string extra = "") => (tcp ? $"admin_address: 127.0.0.1:{AdminPort}\n" : $"admin_socket: {SocketPath}\n") + $$"""
        backend: web
        entry_url: {{Url}}
        a: { servers: [a1, a2] }
        b: { servers: [b1, b2] }
        {{extra}}
        """;

    public static async Task<UserHaproxy> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"pilotlight-userhaproxy-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var backends = ServerNames.Select(n => new NamedBackend(n, $$"""{"site":"{{n[..1]}}","server":"{{n}}"}""")).ToList();
        var haproxy = new UserHaproxy(directory, backends);
        try
        {
            await File.WriteAllTextAsync(haproxy.ConfigPath, haproxy.Config(), cancellationToken);
            await haproxy.StartProcessAsync(cancellationToken);
            await Poll.UntilAsync(
                async ct => await haproxy.RequestAsync(ct) == "a",
                TimeSpan.FromSeconds(15),
                $"site a to answer through haproxy on {haproxy.Port}",
                cancellationToken,
                TimeSpan.FromMilliseconds(50));
            return haproxy;
        }
        catch
        {
            await haproxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts HAProxy from the config as it is and returns once the frontend accepts and the socket answers.</summary>
    public async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var process = ProcessLauncher.StartDetached(new ProcessSpec
        {
            Name = "haproxy",
            FileName = "/usr/sbin/haproxy",
            Arguments = ["-db", "-f", ConfigPath],
            LogPath = Path.Combine(Directory, "haproxy.log"),
        });
        _process = process;
        await Poll.UntilAsync(
            async ct => process.IsAlive
                ? File.Exists(SocketPath) && await Ports.AcceptsAsync(Port, TimeSpan.FromMilliseconds(500), ct) && await Ports.AcceptsAsync(AdminPort, TimeSpan.FromMilliseconds(500), ct)
                : throw new InvalidOperationException($"haproxy exited while starting: {File.ReadAllText(Path.Combine(Directory, "haproxy.log"))}"),
            TimeSpan.FromSeconds(15),
            $"haproxy to listen on {Port} and {AdminPort} and create {SocketPath}",
            cancellationToken,
            TimeSpan.FromMilliseconds(20));
    }

    /// <summary>Stops HAProxy and waits until its ports are free and its socket gone.</summary>
    public async Task StopProcessAsync(CancellationToken cancellationToken)
    {
        if (_process is { } process)
        {
            await Signals.StopAsync(process, TimeSpan.FromSeconds(5), cancellationToken);
            await Poll.UntilAsync(_ => Task.FromResult(Ports.IsFree(Port) && Ports.IsFree(AdminPort)), TimeSpan.FromSeconds(10), $"ports {Port} and {AdminPort} to be free", cancellationToken);
            _process = null;
        }

        if (File.Exists(SocketPath))
        {
            File.Delete(SocketPath);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopProcessAsync(CancellationToken.None);
        }
        finally
        {
            _http.Dispose();
            foreach (var backend in _backends)
            {
                await backend.DisposeAsync();
            }

            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>The site that answered ("a" or "b"), or the status code when none did (e.g. "503").</summary>
    public async Task<string> RequestAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Url, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? body[9..10] : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> RequestsAsync(int count, CancellationToken cancellationToken)
    {
        var sites = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            sites.Add(await RequestAsync(cancellationToken));
        }

        return sites;
    }

    private string Config()
    {
        var servers = string.Concat(_backends.Select(b => string.Create(CultureInfo.InvariantCulture, $"    server {b.Name} 127.0.0.1:{b.Port} check{(b.Name.StartsWith('b') ? " disabled" : "")}\n")));
        return $"""
            # Hand-written, as an operator would: Pilotlight only talks to the runtime API.
            global
                stats socket {SocketPath} mode 600 level admin
                stats socket ipv4@127.0.0.1:{AdminPort} level admin
                server-state-file {StateFilePath}

            defaults
                mode http
                timeout connect 1s
                timeout client 10s
                timeout server 10s
                # A server is up at start until its first check fails (fall does not apply yet): a check that
                # times out after "inter" on a busy machine would take site a down before the test begins.
                timeout check 2s
                load-server-state-from-file global

            frontend shop
                bind 127.0.0.1:{Port}
                default_backend web

            backend web
                option httpchk GET /
                default-server inter 500ms fall 2 rise 1
            {servers}
            """;
    }
}
