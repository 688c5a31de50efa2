using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Processes;

namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>
/// A real HAProxy on a free port in its own temp directory, in front of four real HTTP servers a1, a2 (site a)
/// and b1, b2 (site b). Disposing always stops HAProxy by PID and deletes the directory.
/// </summary>
internal sealed class HaproxyLab : IAsyncDisposable
{
    private static readonly string[] ServerNames = ["a1", "a2", "b1", "b2"];

    private readonly List<NamedBackend> _backends;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private HaproxyLab(string directory, List<NamedBackend> backends, HaproxyOptions options)
    {
        Directory = directory;
        _backends = backends;
        Options = options;
        Entry = new HaproxyEntry(options);
    }

    public string Directory { get; }

    public HaproxyOptions Options { get; }

    public HaproxyEntry Entry { get; }

    /// <summary>How long the first StartAsync took until the entry was ready.</summary>
    public TimeSpan StartedIn { get; private set; }

    public static async Task<HaproxyLab> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"pilotlight-haproxy-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var backends = ServerNames.Select(n => new NamedBackend(n)).ToList();
        var lab = new HaproxyLab(directory, backends, new HaproxyOptions
        {
            Listen = new Endpoint("127.0.0.1", FreePort()),
            ConfigPath = Path.Combine(directory, "haproxy.cfg"),
            AdminSocketPath = Path.Combine(directory, "admin.sock"),
            LogPath = Path.Combine(directory, "haproxy.log"),
            Servers = [.. backends.Select(b => new HaproxyBackendServer(b.Name[..1], b.Name, "127.0.0.1", b.Port))],
            ActiveSite = "a",
        });
        try
        {
            var clock = Stopwatch.StartNew();
            await lab.Entry.StartAsync(cancellationToken);
            lab.StartedIn = clock.Elapsed;
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Entry.StopAsync(CancellationToken.None);
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

    public Uri Url => new($"http://127.0.0.1:{Options.Listen.Port}/");

    /// <summary>The name of the server that answered, or the status code when none did (e.g. "503").</summary>
    public async Task<string> RequestAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Url, cancellationToken);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadAsStringAsync(cancellationToken)
            : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> RequestsAsync(int count, CancellationToken cancellationToken)
    {
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            names.Add(await RequestAsync(cancellationToken));
        }

        return names;
    }

    public async Task KillBackendAsync(string name) => await _backends.Single(b => b.Name == name).DisposeAsync();

    public Task WaitUntilUpAsync(string site, int servers, CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            async ct => (await Entry.GetStatusAsync(ct)).Servers.Count(s => s.Site == site && s.OperationalState == "up") == servers,
            TimeSpan.FromSeconds(10),
            $"{servers} servers of site {site} up",
            cancellationToken);

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
