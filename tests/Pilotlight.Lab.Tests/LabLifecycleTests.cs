using Npgsql;
using Pilotlight.Processes;
using Pilotlight.Core.Providers;

namespace Pilotlight.Lab.Tests;

/// <summary>Tests that take a lab of their own down or through a disaster.</summary>
public sealed class LabLifecycleTests
{
    [Fact]
    public async Task Down_LeavesNoProcessAndNoBoundPort()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stateDirectory = Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}");
        var lab = LabFixture.Create(stateDirectory, LabFixture.FreeBasePort(), synchronous: false);
        List<int> pids;
        try
        {
            await lab.UpAsync(null, timeout.Token);
            var status = await lab.StatusAsync(TimeProvider.System, timeout.Token);
            pids = [.. status.Sites.Select(s => s.DatabasePid!.Value), status.Traffic.Pid!.Value, .. status.Sites.SelectMany(s => s.Instances).Select(i => i.Pid!.Value), .. status.Sites.SelectMany(s => s.Daemons).Where(d => d.Running).Select(d => d.Pid!.Value)];
            pids.Count.ShouldBe(2 + 1 + 2 + 4); // databases, entry, a's instances, a supervisor and a replicator per site

            var result = await lab.DownAsync(purge: false, timeout.Token);

            result.Stopped.Length.ShouldBe(pids.Count);
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }

        // Gone, or a zombie this test process (the parent of what the in-process lab started) has not reaped yet.
        pids.Select(pid => ProcessRecord.Of(pid, "lab process")?.IsAlive ?? false).ShouldAllBe(alive => !alive);
        lab.Layout.AllPorts.ShouldAllBe(port => Ports.IsFree(port));
        Directory.Exists(stateDirectory).ShouldBeFalse();
    }

    [Fact]
    public async Task Disaster_StopThenKill_AndRecover_BringInfrastructureAndWantedComputeBack()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var lab = LabFixture.Create(Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}"), LabFixture.FreeBasePort(), synchronous: false);
        try
        {
            await lab.UpAsync(null, ct);

            // A frozen site: its processes are stopped (state T), the database is unreachable; recover continues them.
            var frozen = await lab.DisasterAsync("a", DisasterMode.Stop, ct);
            frozen.Length.ShouldBe(5); // postgres, two Shop instances, the supervisor and the (idle) replicator of a
            var postgresA = lab.Database("a").Running.ShouldNotBeNull();
            await Poll.UntilAsync(_ => Task.FromResult(File.ReadAllText($"/proc/{postgresA.Pid}/stat").Contains(") T ", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "postgres a to be stopped (state T)", ct);
            (await new Providers.Postgres.PostgresDatabaseProvider(new Dictionary<string, Providers.Postgres.PostgresNode> { ["a"] = lab.Database("a"), ["b"] = lab.Database("b") })
                .GetStatusAsync("a", ct)).Role.ShouldBe(DatabaseRole.Unreachable);
            await lab.RecoverAsync("a", ct);
            await Poll.UntilAsync(_ => Task.FromResult(!File.ReadAllText($"/proc/{postgresA.Pid}/stat").Contains(") T ", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "postgres a to run again", ct);

            // HAProxy marked a's servers down during the freeze; its next health check brings them back.
            await Poll.UntilAsync(async c => await LabHttp.TryPlaceOrderAsync(lab.Layout.EntryUrl, "after-freeze", c) is { Site: "a" }, TimeSpan.FromSeconds(10), "an order through the entry after the freeze", ct);

            // A killed standby site: every process of b is gone; recover restarts its database (still a standby), its
            // object replicator and its compute supervisor, which runs the instances the site wants again.
            await lab.Compute("b").ScaleAsync(1, ct);
            (await lab.Engine().ReadinessAsync(ct)).Ready.ShouldBeTrue();
            await lab.DisasterAsync("b", DisasterMode.Kill, ct);
            lab.Database("b").Running.ShouldBeNull();
            var readiness = await lab.Engine().ReadinessAsync(ct);
            readiness.Ready.ShouldBeFalse();
            readiness.Checks.Single(c => !c.Ready).Name.ShouldBe("database");
            lab.Compute("b").RunningProcesses().ShouldBeEmpty();
            var recovered = await lab.RecoverAsync("b", ct);
            recovered.ShouldContain(line => line.Contains("postgres", StringComparison.Ordinal));
            var status = await lab.StatusAsync(TimeProvider.System, ct);
            status.Sites[1].Database.Role.ShouldBe(DatabaseRole.Standby);
            status.Sites[1].Daemons.Single(d => d.Name == "replicator-b").Running.ShouldBeTrue();
            status.Sites[1].Daemons.Single(d => d.Name == "supervisor-b").Running.ShouldBeTrue();
            await Poll.UntilAsync(async c => (await lab.Compute("b").GetInstancesAsync(c)).Count(i => i.Ready) == 1, TimeSpan.FromSeconds(30), "b's wanted instance to run again", ct);

            // Secrets that drifted apart make the standby not ready, with the reason.
            await File.AppendAllTextAsync(lab.Layout.SecretsPath("b"), "SHOP_CURRENCY=USD\n", ct);
            await Poll.UntilAsync(async c => (await lab.Engine().ReadinessAsync(c)).Checks.Single(x => x.Name == "database").Ready, TimeSpan.FromSeconds(20), "b to stream again", ct);
            (await lab.Engine().ReadinessAsync(ct)).Checks.Where(c => !c.Ready).Select(c => c.Detail).ShouldBe(["site b's secrets differ from the active site's"]);
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Partition_NetnsLab_EntryLosesTheSite_SiteStillServesItself_RecoverReconnects()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var lab = new Lab(new LabOptions
        {
            StateDirectory = Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}"),
            BasePort = LabFixture.FreeBasePort(),
            Netns = true,
            ShopAssembly = Repository.ShopAssembly,
            PilotlightCommand = ["dotnet", Repository.CliAssembly],
        });
        if (!ProcessLauncher.IsRoot)
        {
            (await Should.ThrowAsync<LabException>(() => lab.UpAsync(null, ct))).Message.ShouldContain("need root");
            return;
        }

        try
        {
            await lab.UpAsync(null, ct);
            (await LabHttp.PlaceOrderAsync(lab.Layout.EntryUrl, "before-partition", ct)).Site.ShouldBe("a");

            await lab.DisasterAsync("a", DisasterMode.Partition, ct);

            // The entry cannot reach a; b's standby cannot reach its primary; a's processes all still run.
            await Poll.UntilAsync(async c => await LabHttp.TryPlaceOrderAsync(lab.Layout.EntryUrl, "during-partition", c) is null, TimeSpan.FromSeconds(10), "the entry to lose site a", ct);
            var during = await lab.StatusAsync(TimeProvider.System, ct);
            during.Sites[0].Database.Role.ShouldBe(DatabaseRole.Unreachable);
            during.Sites[0].Disaster.ShouldBe("partition");
            lab.Database("a").Running.ShouldNotBeNull();
            lab.Compute("a").RunningProcesses().Count.ShouldBe(2);

            await lab.RecoverAsync("a", ct);

            await Poll.UntilAsync(async c => await LabHttp.TryPlaceOrderAsync(lab.Layout.EntryUrl, "after-partition", c) is { Site: "a" }, TimeSpan.FromSeconds(15), "the entry to reach site a again", ct);
            await Poll.UntilAsync(async c => (await lab.StatusAsync(TimeProvider.System, c)).Sites[1].Database is { Streaming: true, LagBytes: 0 }, TimeSpan.FromSeconds(30), "b to stream from a again", ct);
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }

        (await CommandRunner.RunAsync("ip", ["netns", "list"], TimeSpan.FromSeconds(5), CancellationToken.None)).Output.ShouldNotContain($"pl{lab.Layout.BasePort / 100 % 256}a");
    }

    [Fact]
    public async Task Partition_WithoutSiteNetworks_OneClearError()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var lab = LabFixture.Create(Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}"), LabFixture.FreeBasePort(), synchronous: false);
        try
        {
            (await Should.ThrowAsync<LabException>(() => lab.DisasterAsync("a", DisasterMode.Partition, timeout.Token))).Message.ShouldStartWith("no lab in ");
            await lab.UpAsync(null, timeout.Token);
            var error = await Should.ThrowAsync<LabException>(() => lab.DisasterAsync("a", DisasterMode.Partition, timeout.Token));
            error.Message.ShouldContain(ProcessLauncher.IsRoot ? "start it with lab up --netns" : "need root");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Up_MissingBinaryOrShop_OneClearErrorNamingTheFix()
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}");
        var options = new LabOptions
        {
            StateDirectory = stateDirectory,
            ShopAssembly = Repository.ShopAssembly,
            PilotlightCommand = ["dotnet", Repository.CliAssembly],
        };

        var noPostgres = await Should.ThrowAsync<LabException>(() => new Lab(options with { PostgresBinDirectory = "/nonexistent/bin" }).UpAsync(null, CancellationToken.None));
        var noHaproxy = await Should.ThrowAsync<LabException>(() => new Lab(options with { HaproxyBinary = "/nonexistent/haproxy" }).UpAsync(null, CancellationToken.None));
        var noShop = await Should.ThrowAsync<LabException>(() => new Lab(options with { ShopAssembly = "/nonexistent/Shop.dll" }).UpAsync(null, CancellationToken.None));

        noPostgres.Message.ShouldBe("PostgreSQL 15 is not installed (/nonexistent/bin/postgres is missing); install it with: apt-get install -y postgresql-15 (or run ./build.sh as root)");
        noHaproxy.Message.ShouldBe("HAProxy is not installed (/nonexistent/haproxy is missing); install it with: apt-get install -y haproxy (or run ./build.sh as root)");
        noShop.Message.ShouldBe("the sample Shop is not built (/nonexistent/Shop.dll is missing); build it with: ./build.sh");
        Directory.Exists(stateDirectory).ShouldBeFalse();
    }

    [Fact]
    public async Task Up_StateDirectoryOfAnotherUser_OneClearError()
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}");
        Directory.CreateDirectory(stateDirectory);
        try
        {
            (await CommandRunner.RunAsync("chown", ["54321", stateDirectory], TimeSpan.FromSeconds(5), CancellationToken.None)).Succeeded.ShouldBe(ProcessLauncher.IsRoot);
            var lab = LabFixture.Create(stateDirectory, LabFixture.FreeBasePort(), synchronous: false);

            var error = await Should.ThrowAsync<LabException>(() => lab.UpAsync(null, CancellationToken.None));

            error.Message.ShouldStartWith($"the state directory {stateDirectory} is ");
            error.Message.ShouldContain("use --state-dir with a directory of your own");
        }
        finally
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Up_PortInUse_OneClearError()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var basePort = LabFixture.FreeBasePort();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, basePort + 1);
        squatter.Start();
        var lab = LabFixture.Create(Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}"), basePort, synchronous: false);
        try
        {
            var error = await Should.ThrowAsync<LabException>(() => lab.UpAsync(null, timeout.Token));
            error.Message.ShouldStartWith($"port {basePort + 1} is in use by ");
            error.Message.ShouldContain($"(pid {Environment.ProcessId})");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }
}
