using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Pilotlight.Processes;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab.Catalog;
using Pilotlight.Lab;

/// <summary>
/// Issue 8's proof, without the lab: a PostgreSQL pair with password authentication (roles other than postgres,
/// scram-sha-256), an HAProxy from its own hand-written config with an admin socket, and Shop instances through a
/// <c>command</c> compute script; a plan written by hand for them. <c>status</c> is READY, and with <c>watch</c>
/// running as a process, SIGKILL of the primary's PostgreSQL and Shop processes leads to a completed failover with
/// no acknowledged write lost (synchronous replication); then <c>failback</c> on the same plan returns to a under load,
/// still with none lost, and status is READY again. Every process is stopped by its PID.
/// </summary>
public sealed class BringYourOwnTests : IAsyncLifetime
{
    private const string ControlPassword = "pilot-Byo-9vQ4";
    private const string ApplicationPassword = "app-Byo-5mW2";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"pilotlight-byo-{Guid.NewGuid():N}");
    private readonly List<ProcessRecord> _started = [];
    private readonly Dictionary<string, int> _ports = [];
    private PostgresNode _a = null!;
    private PostgresNode _b = null!;

    private string PlanPath => Path.Combine(_dir, "orders.yaml");

    private Uri Entry => new($"http://127.0.0.1:{_ports["entry"]}/");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        foreach (var name in new[] { "pg-a", "pg-b", "entry", "a1", "a2", "b1", "b2" })
        {
            _ports[name] = FreePort();
        }

        if (ProcessLauncher.IsRoot)
        {
            // PostgreSQL runs as postgres: it must reach its directories through this one.
            File.SetUnixFileMode(_dir, File.GetUnixFileMode(_dir) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await StartDatabasesAsync(timeout.Token);
        WriteFiles();
        StartHaproxy();
        var scale = await CommandRunner.RunAsync(ScriptPath, ["scale", "a", "2"], TimeSpan.FromSeconds(60), timeout.Token);
        scale.Succeeded.ShouldBeTrue(scale.Error);
        await ProductCatalog.SeedAsync(_a.ConnectionString, timeout.Token);
        await Poll.UntilAsync(async ct => (await Get("/healthz", ct)).Contains("\"site\":\"a\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the entry to serve site a", timeout.Token);
    }

    public async Task DisposeAsync()
    {
        foreach (var pidFile in Directory.Exists(Path.Combine(_dir, "compute")) ? Directory.GetFiles(Path.Combine(_dir, "compute"), "*.pid") : [])
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid) && ProcessRecord.Of(pid, "shop") is { } shop)
            {
                Signals.Send(shop, Signals.Kill);
            }
        }

        foreach (var node in new[] { _a, _b }.Where(n => n is not null))
        {
            if (node.Running is { } postmaster)
            {
                Signals.Send(postmaster, Signals.Cont);
                await Signals.StopAsync(postmaster, TimeSpan.FromSeconds(10), CancellationToken.None);
            }
        }

        foreach (var process in _started.Where(p => p.IsAlive))
        {
            await Signals.StopAsync(process, TimeSpan.FromSeconds(5), CancellationToken.None);
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task OwnServers_StatusReady_WatchFailsOverAfterPrimaryKilled_NoAcknowledgedWriteLost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        // Readiness asks each system once, each question bounded (2 s): on a machine busy with other suites a replica
        // may miss that bound once. Ready within a few asks is ready; a plan that is not ready stays so.
        var status = await CliProcess.RunAsync(["status", PlanPath], timeout.Token);
        for (var ask = 1; ask < 5 && status.ExitCode == 3 && status.Output.Contains("no answer within", StringComparison.Ordinal); ask++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
            status = await CliProcess.RunAsync(["status", PlanPath], timeout.Token);
        }

        status.ExitCode.ShouldBe(0, $"{status.Output}\n{status.Error}");
        status.Output.ShouldStartWith("READY: site b can take over from site a");
        status.Output.ShouldNotContain(ControlPassword);

        await using var watch = WatchProcess.Start(PlanPath, _dir);
        await UntilAsync(() => watch.Saw("READY: site b can take over"), TimeSpan.FromSeconds(30), "the controller to find b ready", watch, timeout.Token);
        await using var load = OrderLoad.Start(Entry, "byo", workers: 2, maxOrders: 5_000, maxDuration: TimeSpan.FromMinutes(2));
        await Poll.UntilAsync(_ => Task.FromResult(load.Acknowledged.Count >= 20), TimeSpan.FromSeconds(60), "orders through the entry", timeout.Token);

        // The primary's site is lost: its PostgreSQL (the postmaster and every backend) and its Shop instances, SIGKILLed.
        var postmaster = _a.Running.ShouldNotBeNull();
        var victims = new List<ProcessRecord> { postmaster };
        victims.AddRange(ProcessTree.Descendants(postmaster));
        victims.AddRange(ShopProcesses("a"));
        foreach (var victim in victims)
        {
            Signals.Send(victim, Signals.Stop);
        }

        foreach (var victim in victims)
        {
            Signals.Send(victim, Signals.Kill);
        }

        await UntilAsync(() => watch.Saw("failover a->b succeeded") || watch.Saw("failover a->b failed"), TimeSpan.FromSeconds(90), "the failover to finish", watch, timeout.Token);
        watch.Saw("failover a->b succeeded").ShouldBeTrue(watch.Transcript());
        await Poll.UntilAsync(async ct => (await Get("/healthz", ct)).Contains("\"site\":\"b\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the entry to serve site b", timeout.Token);
        await Poll.UntilAsync(_ => Task.FromResult(load.Acknowledged.Any(o => o.Site == "b")), TimeSpan.FromSeconds(60), "orders acknowledged by b", timeout.Token);
        await load.StopAsync();

        var acknowledged = load.Acknowledged;
        await using var connection = new NpgsqlConnection(_b.ConnectionString);
        await connection.OpenAsync(timeout.Token);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orders WHERE id = ANY($1)", connection) { Parameters = { new() { Value = acknowledged.Select(o => o.Id).ToArray() } } };
        var kept = (long)(await count.ExecuteScalarAsync(timeout.Token))!;
        kept.ShouldBe(acknowledged.Count, $"acknowledged writes lost: {acknowledged.Count - kept} of {acknowledged.Count}");
        acknowledged.Count(o => o.Site == "a").ShouldBeGreaterThan(0);

        var history = await CliProcess.RunAsync(["history", PlanPath], timeout.Token);
        history.ExitCode.ShouldBe(0, history.Error);
        history.Output.ShouldContain("failover a->b    succeeded");
        File.Exists(Path.Combine(_dir, "state", "site-state.json")).ShouldBeTrue("the plan's state_dir holds its state");
        watch.Transcript().ShouldNotContain(ControlPassword);

        // Failback on the same hand-written plan, the controller still watching: a's server, killed, is started in
        // recovery for the divergence capture, rewound as b's standby with the plan's password, then the switchover.
        await using var back = OrderLoad.Start(Entry, "byo-back", workers: 2, maxOrders: 5_000, maxDuration: TimeSpan.FromMinutes(2));
        await Poll.UntilAsync(_ => Task.FromResult(back.Acknowledged.Count >= 20), TimeSpan.FromSeconds(60), "orders through the entry before the failback", timeout.Token);
        var failback = await CliProcess.RunAsync(["failback", PlanPath], timeout.Token);
        failback.ExitCode.ShouldBe(0, $"{failback.Output}\n{failback.Error}");
        failback.Output.ShouldContain("failback b->a: succeeded");
        failback.Output.ShouldNotContain(ControlPassword);
        await Poll.UntilAsync(_ => Task.FromResult(back.Acknowledged.Any(o => o.Site == "a")), TimeSpan.FromSeconds(60), "orders acknowledged by a again", timeout.Token);
        await back.StopAsync();
        var all = acknowledged.Concat(back.Acknowledged).ToList();
        await using var home = new NpgsqlConnection(_a.ConnectionString);
        await home.OpenAsync(timeout.Token);
        await using var present = new NpgsqlCommand("SELECT count(*) FROM orders WHERE id = ANY($1)", home) { Parameters = { new() { Value = all.Select(o => o.Id).ToArray() } } };
        ((long)(await present.ExecuteScalarAsync(timeout.Token))!).ShouldBe(all.Count, "acknowledged writes lost across failover and failback");
        // b was attached a moment ago: READY once it streams and answers promptly.
        (int ExitCode, string Output, string Error) after = default;
        await Poll.UntilAsync(
            async ct => (after = await CliProcess.RunAsync(["status", PlanPath], ct)).ExitCode == 0,
            TimeSpan.FromSeconds(30),
            "status READY after the failback",
            timeout.Token);
        after.Output.ShouldStartWith("READY: site b can take over from site a");
        watch.Transcript().ShouldNotContain("failover b->a", Case.Sensitive, "the controller never mistook the switchover for a loss");
    }

    private string ScriptPath => Path.Combine(_dir, "compute.sh");

    private async Task StartDatabasesAsync(CancellationToken cancellationToken)
    {
        _a = Node("a", _ports["pg-a"]);
        _b = Node("b", _ports["pg-b"]);
        await _a.InitPrimaryAsync(cancellationToken);

        // Passwords for the two roles over TCP (first match wins); postgres stays trusted for setup and replication.
        var hba = Path.Combine(_a.DataDir, "pg_hba.conf");
        File.WriteAllText(hba, "host all pilot 127.0.0.1/32 scram-sha-256\nhost all app 127.0.0.1/32 scram-sha-256\n" + File.ReadAllText(hba));
        _started.Add(await _a.StartAsync(cancellationToken));
        await _a.EnsureDatabaseAsync(cancellationToken);
        await ExecuteAsync(_a.Connection("postgres", pooling: false), cancellationToken,
            $"CREATE ROLE pilot LOGIN SUPERUSER PASSWORD '{ControlPassword}'",
            $"CREATE ROLE app LOGIN PASSWORD '{ApplicationPassword}'",
            "ALTER DATABASE shop OWNER TO app");
        await ExecuteAsync(_a.ConnectionString, cancellationToken, "ALTER SCHEMA public OWNER TO app");
        await _b.CreateStandbyAsync(_a, cancellationToken);
        _started.Add(await _b.StartAsync(cancellationToken));
        await _a.SetSynchronousStandbyAsync("b", cancellationToken);
    }

    private PostgresNode Node(string site, int port) => new(new PostgresNodeOptions
    {
        Site = site,
        BinDir = "/usr/lib/postgresql/15/bin",
        DataDir = Path.Combine(_dir, site, "data"),
        Port = port,
        LogPath = Path.Combine(_dir, site, "postgres.log"),
        RunAsUser = ProcessLauncher.IsRoot ? "postgres" : null,
    });

    private string ApplicationConnection(string site) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _ports[$"pg-{site}"],
        Username = "app",
        Password = ApplicationPassword,
        Database = "shop",
        Timeout = 2,
        CommandTimeout = 5,
        CancellationTimeout = 2000,
    }.ConnectionString;

    private void WriteFiles()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "compute"));
        Directory.CreateDirectory(Path.Combine(_dir, "haproxy"));
        File.WriteAllText(Path.Combine(_dir, "pilot.password"), ControlPassword + "\n");
        foreach (var site in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, "objects", site));
            ProductCatalog.WriteImages(Path.Combine(_dir, "objects", site));
            Directory.CreateDirectory(Path.Combine(_dir, "secrets"));
            File.WriteAllText(Path.Combine(_dir, "secrets", $"{site}.env"), "GREETING=hello\n");
            File.WriteAllText(Path.Combine(_dir, "compute", $"{site}.conn"), ApplicationConnection(site));
        }

        // Compute through commands: start, stop and list Shop instances, each recorded by PID.
        File.WriteAllText(ScriptPath, $$"""
            #!/bin/sh
            set -eu
            dir='{{_dir}}'
            action=$1
            site=$2
            port() { case "$1-$2" in a-0) echo {{_ports["a1"]}};; a-1) echo {{_ports["a2"]}};; b-0) echo {{_ports["b1"]}};; b-1) echo {{_ports["b2"]}};; esac; }
            alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
            case $action in
              scale)
                i=0
                while [ $i -lt 2 ]; do
                  pid="$dir/compute/$site-$i.pid"
                  if [ $i -lt "$3" ]; then
                    if ! alive "$pid"; then
                      SHOP_SITE=$site SHOP_PORT=$(port $site $i) SHOP_DATABASE="$(cat "$dir/compute/$site.conn")" SHOP_OBJECTS="$dir/objects/$site" SHOP_SETTINGS="$dir/secrets/$site.env" \
                        setsid dotnet '{{Repository.ShopAssembly}}' >>"$dir/compute/$site-$i.log" 2>&1 </dev/null &
                      echo $! >"$pid"
                    fi
                  elif alive "$pid"; then
                    kill "$(cat "$pid")"; rm -f "$pid"
                  fi
                  i=$((i + 1))
                done
                # Ready means answering /readyz: wait for the instances just started.
                n=0
                while [ $n -lt 150 ]; do
                  ready=0; i=0
                  while [ $i -lt "$3" ]; do curl -fsS --max-time 1 "http://127.0.0.1:$(port $site $i)/readyz" >/dev/null 2>&1 && ready=$((ready + 1)); i=$((i + 1)); done
                  [ $ready -ge "$3" ] && exit 0
                  n=$((n + 1)); sleep 0.2
                done
                echo "instances of $site not ready" >&2; exit 3
                ;;
              list)
                printf '{"instances":['
                sep=; i=0
                while [ $i -lt 2 ]; do
                  if alive "$dir/compute/$site-$i.pid"; then
                    ready=false
                    curl -fsS --max-time 1 "http://127.0.0.1:$(port $site $i)/readyz" >/dev/null 2>&1 && ready=true
                    printf '%s{"address":"127.0.0.1:%s","ready":%s}' "$sep" "$(port $site $i)" "$ready"; sep=,
                  fi
                  i=$((i + 1))
                done
                printf ']}\n'
                ;;
              version)
                # The release the site would run: the same build in both sites.
                printf '{"version":"%s"}\n' "$(sha256sum '{{Repository.ShopAssembly}}' | cut -c1-12)"
                ;;
              fence)
                for pid in "$dir"/compute/$site-*.pid; do [ -f "$pid" ] && kill -9 "$(cat "$pid")" 2>/dev/null; rm -f "$pid"; done
                ;;
            esac
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(ScriptPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // HAProxy's config is the user's, written by hand: Pilotlight only talks to its admin socket.
        File.WriteAllText(Path.Combine(_dir, "haproxy", "haproxy.cfg"), $$"""
            global
              stats socket {{Path.Combine(_dir, "haproxy", "admin.sock")}} mode 600 level admin
            defaults
              mode http
              timeout connect 1s
              timeout client 10s
              timeout server 10s
            frontend entry
              bind 127.0.0.1:{{_ports["entry"]}}
              default_backend web
            backend web
              server a1 127.0.0.1:{{_ports["a1"]}}
              server a2 127.0.0.1:{{_ports["a2"]}}
              server b1 127.0.0.1:{{_ports["b1"]}} disabled
              server b2 127.0.0.1:{{_ports["b2"]}} disabled

            """);

        File.WriteAllText(PlanPath, $$"""
            version: 1
            name: byo
            state_dir: state
            objectives: { rto: 30s, rpo: 5s }
            sites:
              - { name: a, region: here-a, role: primary }
              - { name: b, region: here-b, role: standby }
            database:
              provider: postgres
              config:
                database: shop
                user: pilot
                application_user: app
                password_file: pilot.password
                replication: sync
                a: { host: 127.0.0.1, port: {{_ports["pg-a"]}}, data_dir: "{{_a.DataDir}}" }
                b: { host: 127.0.0.1, port: {{_ports["pg-b"]}}, data_dir: "{{_b.DataDir}}" }
            compute:
              provider: command
              config:
                scale: "{{ScriptPath}} scale {site} {count}"
                list: "{{ScriptPath}} list {site}"
                fence: "{{ScriptPath}} fence {site}"
                version: "{{ScriptPath}} version {site}"
                timeout: 40s
              a:
                pilot: { min: 0, desired: 0, max: 2 }
                full: { min: 1, desired: 2, max: 2 }
              b:
                pilot: { min: 0, desired: 0, max: 2 }
                full: { min: 1, desired: 2, max: 2 }
            traffic:
              provider: haproxy
              config:
                admin_socket: haproxy/admin.sock
                backend: web
                entry_url: http://127.0.0.1:{{_ports["entry"]}}/
                a: { servers: [a1, a2] }
                b: { servers: [b1, b2] }
            secrets:
              provider: file
              config:
                a: { path: secrets/a.env }
                b: { path: secrets/b.env }
            health:
              interval: 500ms
              timeout: 400ms
              failure_threshold: 3
              recovery_threshold: 3
              quorum: 2
              vantage_points:
                - { name: entry, via: entry }
                - { name: direct, via: direct }
              probes:
                - { name: shop, type: http, path: /healthz, expect_status: 200, body_contains: '"site":"{site}"' }
                - { name: db, type: sql, query: select 1 }
            failover:
              policy: automatic
              max_data_loss: 5s

            """);
    }

    private void StartHaproxy() => _started.Add(ProcessLauncher.StartDetached(new ProcessSpec
    {
        Name = "haproxy",
        FileName = "/usr/sbin/haproxy",
        Arguments = ["-f", Path.Combine(_dir, "haproxy", "haproxy.cfg")],
        LogPath = Path.Combine(_dir, "haproxy", "haproxy.log"),
    }));

    private IEnumerable<ProcessRecord> ShopProcesses(string site) =>
        Directory.GetFiles(Path.Combine(_dir, "compute"), $"{site}-*.pid")
            .Select(f => ProcessRecord.Of(int.Parse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture), $"shop {site}"))
            .OfType<ProcessRecord>();

    private async Task<string> Get(string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return await http.GetStringAsync(new Uri(Entry, path), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return "";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "";
        }
    }

    /// <summary>Polls <paramref name="condition"/>; on timeout the failure carries what the controller printed.</summary>
    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, WatchProcess watch, CancellationToken cancellationToken)
    {
        try
        {
            await Poll.UntilAsync(_ => Task.FromResult(condition()), timeout, what, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the controller printed:\n{watch.Transcript()}", e);
        }
    }

    private static async Task ExecuteAsync(string connectionString, CancellationToken cancellationToken, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><c>pilotlight watch PLAN</c> as a process, its lines kept, stopped by its PID.</summary>
    private sealed class WatchProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        private WatchProcess(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Keep(e.Data);
            _process.ErrorDataReceived += (_, e) => Keep(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public static WatchProcess Start(string plan, string directory)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = directory };
            start.ArgumentList.Add(Repository.CliAssembly);
            start.ArgumentList.Add("watch");
            start.ArgumentList.Add(plan);
            var process = Process.Start(start)!;
            process.StandardInput.Close();
            return new WatchProcess(process);
        }

        public bool Saw(string text)
        {
            lock (_lines)
            {
                return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
            }
        }

        public string Transcript()
        {
            lock (_lines)
            {
                return string.Join("\n", _lines);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (ProcessRecord.Of(_process.Id, "watch") is { } watch && !_process.HasExited)
            {
                await Signals.StopAsync(watch, TimeSpan.FromSeconds(5), CancellationToken.None);
            }

            _process.Dispose();
        }

        private void Keep(string? line)
        {
            if (line is { Length: > 0 })
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }
    }
}
