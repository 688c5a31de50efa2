using System.Collections.Immutable;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Pilotlight.Core.Processes;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// The <c>haproxy</c> traffic provider: HAProxy in the foreground (no master-worker, so its PID is the only
/// process), switched between sites through its runtime API without reloads.
/// </summary>
public sealed class HaproxyEntry : ITrafficProvider
{
    private readonly HaproxyOptions _options;

    public HaproxyEntry(HaproxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    private string RecordPath => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_options.ConfigPath))!, "haproxy.pid.json");

    public ProcessRecord? Running
    {
        get
        {
            try
            {
                return File.Exists(RecordPath) && JsonSerializer.Deserialize<ProcessRecord>(File.ReadAllText(RecordPath)) is { IsAlive: true } record ? record : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public async Task<ProcessRecord> StartAsync(CancellationToken cancellationToken)
    {
        if (Running is { } running)
        {
            return running;
        }

        if (!Ports.IsFree(_options.Listen.Port))
        {
            var owner = Ports.Owner(_options.Listen.Port);
            throw new InvalidOperationException($"port {_options.Listen.Port} is in use{(owner is null ? "" : $" by {owner}")}; the HAProxy entry cannot listen on it");
        }

        // A restart keeps the routing the last switch chose.
        var active = HaproxyConfig.ActiveSiteOf(_options.ConfigPath) ?? _options.ActiveSite;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_options.ConfigPath))!);
        await WriteConfigAsync(active, cancellationToken);
        var check = await CommandRunner.RunAsync(_options.Binary, ["-c", "-q", "-f", _options.ConfigPath], TimeSpan.FromSeconds(10), cancellationToken);
        if (!check.Succeeded)
        {
            throw new InvalidOperationException($"haproxy rejects {_options.ConfigPath}: {check.LastLine}");
        }

        File.Delete(_options.AdminSocketPath);
        var record = ProcessLauncher.StartDetached(new ProcessSpec
        {
            Name = "haproxy",
            FileName = _options.Binary,
            Arguments = ["-db", "-f", _options.ConfigPath],
            LogPath = _options.LogPath,
        });
        await File.WriteAllTextAsync(RecordPath, JsonSerializer.Serialize(record), cancellationToken);
        await Poll.UntilAsync(
            async ct =>
            {
                if (!record.IsAlive)
                {
                    throw new InvalidOperationException($"haproxy exited while starting; see {_options.LogPath}");
                }

                return await Ports.AcceptsAsync(_options.Listen.Port, TimeSpan.FromMilliseconds(500), ct) && File.Exists(_options.AdminSocketPath);
            },
            TimeSpan.FromSeconds(15),
            $"haproxy to listen on {_options.Listen}",
            cancellationToken);
        return record;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Running is { } running)
        {
            await Signals.StopAsync(running, TimeSpan.FromSeconds(5), cancellationToken);
        }

        await Poll.UntilAsync(_ => Task.FromResult(Ports.IsFree(_options.Listen.Port)), TimeSpan.FromSeconds(10), $"port {_options.Listen.Port} to be free after stopping haproxy", cancellationToken);
    }

    public async Task SwitchAsync(string site, CancellationToken cancellationToken)
    {
        if (!_options.Servers.Any(s => s.Site == site))
        {
            throw new ArgumentException($"the entry has no servers of site '{site}'", nameof(site));
        }

        // Out first, then in: at no instant are both sites routable.
        foreach (var server in _options.Servers.Where(s => s.Site != site))
        {
            await CommandAsync($"set server {HaproxyConfig.Backend}/{server.Name} state maint", cancellationToken);
        }

        foreach (var server in _options.Servers.Where(s => s.Site == site))
        {
            await CommandAsync($"set server {HaproxyConfig.Backend}/{server.Name} state ready", cancellationToken);
        }

        await WriteConfigAsync(site, cancellationToken);
    }

    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        foreach (var server in _options.Servers.Where(s => s.Site == site))
        {
            await CommandAsync($"set server {HaproxyConfig.Backend}/{server.Name} state maint", cancellationToken);
        }

        // Written so that a restart keeps the site out: no site is active until a switch names one.
        await WriteConfigAsync(_options.Servers.Select(s => s.Site).FirstOrDefault(s => s != site) is { } other && (await GetStatusAsync(cancellationToken)).ActiveSite == other ? other : "none", cancellationToken);
    }

    public async Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var reply = await CommandAsync($"show servers state {HaproxyConfig.Backend}", cancellationToken);
        var servers = ImmutableArray.CreateBuilder<TrafficServer>();
        foreach (var line in reply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Fields (HAProxy 2.6): be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state ... srv_port (18th).
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith('#') || fields.Length < 19 || fields[1] != HaproxyConfig.Backend)
            {
                continue;
            }

            var known = _options.Servers.FirstOrDefault(s => s.Name == fields[3]);
            var admin = int.Parse(fields[6], CultureInfo.InvariantCulture);
            var operational = fields[5] switch
            {
                "0" => "down",
                "1" => "starting",
                "2" => "up",
                "3" => "stopping",
                var other => other,
            };

            // 0x01 forced maintenance, 0x02 inherited maintenance; 0x04 only remembers the config's "disabled".
            servers.Add(new TrafficServer(known?.Site ?? "?", fields[3], $"{fields[4]}:{fields[18]}", (admin & 0x03) != 0 ? "maint" : "ready", operational));
        }

        var sites = servers.GroupBy(s => s.Site).ToDictionary(g => g.Key, g => g.All(s => s.AdminState == "ready") ? "ready" : g.All(s => s.AdminState == "maint") ? "maint" : "mixed");
        var ready = sites.Where(s => s.Value == "ready").Select(s => s.Key).ToList();
        var active = ready.Count == 1 && sites.All(s => s.Key == ready[0] || s.Value == "maint") ? ready[0] : null;
        return new TrafficStatus(active, servers.ToImmutable());
    }

    private async Task WriteConfigAsync(string activeSite, CancellationToken cancellationToken)
    {
        var temporary = _options.ConfigPath + ".tmp";
        await File.WriteAllTextAsync(temporary, HaproxyConfig.Render(_options, activeSite), cancellationToken);
        File.Move(temporary, _options.ConfigPath, overwrite: true);
    }

    /// <summary>One runtime API command per connection; the reply is read to EOF.</summary>
    private async Task<string> CommandAsync(string command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(_options.AdminSocketPath), timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, timeout.Token);
        var reply = new StringBuilder();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var text = reply.ToString();
        if (text.Contains("No such", StringComparison.Ordinal) || text.Contains("Unknown command", StringComparison.Ordinal) || text.Contains("denied", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"haproxy refused '{command}': {text.Trim()}");
        }

        return text;
    }
}
