using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Pilotlight.Processes;
using Pilotlight.Lab.Catalog;
using Pilotlight.Providers.Local.Objects;

using Pilotlight.Engine;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>
    /// Brings both sites and the entry up, repairing whatever a killed run left half done, and returns when the
    /// entry accepts an order. Idempotent: what already runs is left as it is.
    /// </summary>
    public async Task<LabUpResult> UpAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        CheckPrerequisites();
        await PrepareStateDirectoryAsync(cancellationToken);
        await using var labLock = await StateLock.AcquireAsync(Layout.LockPath, cancellationToken);
        var state = State;
        if (state.BasePort != Layout.BasePort)
        {
            throw new LabException($"the lab in {Layout.StateDirectory} uses base port {state.BasePort}; run lab down --purge to start over on another");
        }

        if (_options.Netns && !state.Netns)
        {
            throw new LabException($"the lab in {Layout.StateDirectory} was created without --netns; run lab down --purge to start over with site networks");
        }

        state = state with { Synchronous = _options.Synchronous };
        if (state.Netns)
        {
            await Network.CreateAsync(cancellationToken);
        }

        state.Save(Layout.StatePath);
        File.Delete(Layout.DownMarkerPath);
        Directory.CreateDirectory(Layout.LogDirectory);
        CheckPortsFree();
        var started = new List<string>();

        var primarySite = state.ActiveSite;
        var standbySite = LabLayout.OtherSite(primarySite);
        var primary = Database(primarySite);
        var standby = Database(standbySite);
        var entryTask = StartEntryAsync(started, cancellationToken);

        if (!primary.IsInitialized)
        {
            await primary.InitPrimaryAsync(cancellationToken);
        }

        await StartIfStoppedAsync(primary, started, cancellationToken);
        await primary.EnsureDatabaseAsync(cancellationToken);
        progress?.Report($"database {primarySite}: primary on port {Layout.DatabasePort(primarySite)} ({Seconds(clock.Elapsed)}s)");

        var standbyTask = StartStandbyAsync(primary, standby, state.Synchronous, started, cancellationToken);
        PrepareObjectsAndSecrets(primarySite);
        var compute = Compute(primarySite);
        var wanted = compute.Desired == 0 ? LabLayout.InstancesPerSite : compute.Desired;
        var before = compute.RunningProcesses().Count;
        await compute.ScaleAsync(wanted, cancellationToken);
        if (compute.RunningProcesses().Count > before)
        {
            started.Add($"{wanted - before} Shop instance(s) in {primarySite}");
        }

        // A ready Shop has created its tables on the primary; the catalogue goes in after.
        await ProductCatalog.SeedAsync(primary.ConnectionString, cancellationToken);
        progress?.Report($"compute {primarySite}: {wanted} Shop instances ready, catalogue seeded ({Seconds(clock.Elapsed)}s)");
        await standbyTask;
        progress?.Report($"database {standbySite}: standby streaming on port {Layout.DatabasePort(standbySite)} ({Seconds(clock.Elapsed)}s)");

        // Recorded before the replicators start, so that they, lab status and the engine agree from the first
        // instant. A direction already recorded is the provider's (a failback may have reversed it): kept; a damaged
        // one is refused here with one line.
        var objects = Objects(TimeProvider.System);
        if (objects.ReadDirection() is null)
        {
            ReplicationDirectionFile.Save(Layout.ObjectsDirectionPath, new(primarySite, standbySite), DateTimeOffset.UtcNow);
        }

        foreach (var daemon in Daemons)
        {
            if (RunningDaemon(daemon) is null)
            {
                StartDaemon(daemon);
                started.Add(daemon.Name);
            }
        }

        await entryTask;
        await WaitForOrdersAsync(cancellationToken);
        await File.WriteAllTextAsync(Layout.PlanPath, LabPlan.Render(this, Layout, _options), cancellationToken);
        progress?.Report($"entry {Layout.EntryUrl} serves POST /orders ({Seconds(clock.Elapsed)}s)");
        return new LabUpResult(Layout.EntryUrl, Layout.PlanPath, [.. started], clock.Elapsed);
    }

    private void CheckPrerequisites()
    {
        foreach (var binary in new[] { "postgres", "initdb", "pg_basebackup" })
        {
            if (!File.Exists(Path.Combine(_options.PostgresBinDirectory, binary)))
            {
                throw new LabException($"PostgreSQL 15 is not installed ({Path.Combine(_options.PostgresBinDirectory, binary)} is missing); install it with: apt-get install -y postgresql-15 (or run ./build.sh as root)");
            }
        }

        if (!File.Exists(_options.HaproxyBinary))
        {
            throw new LabException($"HAProxy is not installed ({_options.HaproxyBinary} is missing); install it with: apt-get install -y haproxy (or run ./build.sh as root)");
        }

        if (!File.Exists(_options.ShopAssembly))
        {
            throw new LabException($"the sample Shop is not built ({_options.ShopAssembly} is missing); build it with: ./build.sh");
        }
    }

    private async Task PrepareStateDirectoryAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        if (await OwnerOfAsync(Layout.StateDirectory, cancellationToken) is { } owner && owner != ProcessLauncher.EffectiveUserId)
        {
            throw new LabException($"the state directory {Layout.StateDirectory} is owned by uid {owner}, not by this user (uid {ProcessLauncher.EffectiveUserId}); use --state-dir with a directory of your own");
        }

        var probe = Path.Combine(Layout.StateDirectory, $".write-test-{Environment.ProcessId}");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (UnauthorizedAccessException)
        {
            throw new LabException($"the state directory {Layout.StateDirectory} is not writable by this user (owned by another user?); use --state-dir with a directory of your own");
        }

        // PostgreSQL runs as its own user when we are root: it must be able to reach its directory through ours.
        if (ProcessLauncher.IsRoot)
        {
            File.SetUnixFileMode(Layout.StateDirectory, File.GetUnixFileMode(Layout.StateDirectory) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }
    }

    private static async Task<uint?> OwnerOfAsync(string path, CancellationToken cancellationToken)
    {
        // .NET exposes no owner uid; stat(1) is part of coreutils.
        var result = await CommandRunner.RunAsync("stat", ["-c", "%u", path], TimeSpan.FromSeconds(5), cancellationToken);
        return result.Succeeded && uint.TryParse(result.Output.Trim(), out var uid) ? uid : null;
    }

    private void CheckPortsFree()
    {
        // Ports inside the sites' own namespaces cannot collide with anything here.
        var ours = State.Netns ? [.. Layout.AllPorts.Where(p => p != Layout.EntryPort)] : new HashSet<int>();
        foreach (var site in LabLayout.Sites)
        {
            if (Database(site).Running is not null)
            {
                ours.Add(Layout.DatabasePort(site));
            }

            foreach (var instance in Enumerable.Range(0, LabLayout.InstancesPerSite))
            {
                ours.Add(Layout.InstanceBasePort(site) + instance);
            }
        }

        if (Entry.Running is not null)
        {
            ours.Add(Layout.EntryPort);
        }

        foreach (var port in Layout.AllPorts.Where(p => !ours.Contains(p)))
        {
            if (!Ports.IsFree(port))
            {
                var owner = Ports.Owner(port);
                throw new LabException($"port {port} is in use{(owner is null ? "" : $" by {owner}")}; stop it, or choose other ports with --base-port");
            }
        }
    }

    private static async Task StartIfStoppedAsync(Providers.Postgres.PostgresNode node, List<string> started, CancellationToken cancellationToken)
    {
        if (node.Running is null)
        {
            await node.StartAsync(cancellationToken);
            started.Add($"postgres {node.Site}");
        }
    }

    private static async Task StartStandbyAsync(Providers.Postgres.PostgresNode primary, Providers.Postgres.PostgresNode standby, bool synchronous, List<string> started, CancellationToken cancellationToken)
    {
        if (!standby.IsInitialized)
        {
            await standby.CreateStandbyAsync(primary, cancellationToken);
        }

        // A former primary (after a failover) must not start as a second primary: it waits for a rebuild.
        if (!File.Exists(Path.Combine(standby.DataDir, "standby.signal")))
        {
            return;
        }

        await StartIfStoppedAsync(standby, started, cancellationToken);
        await primary.SetSynchronousStandbyAsync(synchronous ? standby.Site : null, cancellationToken);
    }

    private async Task StartEntryAsync(List<string> started, CancellationToken cancellationToken)
    {
        var entry = Entry;
        if (entry.Running is null)
        {
            Directory.CreateDirectory(Layout.HaproxyDirectory);
            await entry.StartAsync(cancellationToken);
            started.Add("haproxy");
        }
    }

    private void PrepareObjectsAndSecrets(string primarySite)
    {
        foreach (var site in LabLayout.Sites)
        {
            Directory.CreateDirectory(Layout.ObjectsDirectory(site));
            var secrets = Layout.SecretsPath(site);
            if (!File.Exists(secrets))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(secrets)!);
                File.WriteAllText(secrets, "# Shop settings, identical in both sites (readiness compares their hashes).\nSHOP_CURRENCY=EUR\nSHOP_NAME=Pilotlight lab shop\n");
            }
        }

        ProductCatalog.WriteImages(Layout.ObjectsDirectory(primarySite));
    }

    private async Task WaitForOrdersAsync(CancellationToken cancellationToken)
    {
        string? last = null;
        try
        {
            await Poll.UntilAsync(
                async ct =>
                {
                    try
                    {
                        using var response = await Http.PostAsJsonAsync(new Uri(Layout.EntryUrl, "/orders"), new { sku = "SKU-1", qty = 1, client_ref = "pilotlight-lab-up" }, ct);
                        last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
                        return response.StatusCode == HttpStatusCode.Created;
                    }
                    catch (HttpRequestException e)
                    {
                        last = e.Message;
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30),
                $"the entry {Layout.EntryUrl} to accept POST /orders",
                cancellationToken,
                TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            throw new LabException($"{e.Message} (last answer: {last}); see the logs in {Layout.LogDirectory}", e);
        }
    }
}
