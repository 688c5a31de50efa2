using Pilotlight.Core.Providers;
using Pilotlight.Processes;
using static Pilotlight.Providers.Postgres.Tests.Clones.CloneServers;
using static Pilotlight.Providers.Postgres.Tests.Switchover.SwitchoverFixture;

namespace Pilotlight.Providers.Postgres.Tests.Clones;

/// <summary>Isolated drills' clones of a streaming standby, through a provider built from a plan, on real servers.</summary>
public sealed class CloneTests
{
    [Fact]
    public async Task Clone_OfStreamingStandby_TakesWritesProductionNeverSees_StandbyKeepsStreaming_DropLeavesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ports = DrillPorts.Next(3);
        await using var pair = await PasswordPair.StartAsync((ports, ports + 1));
        await using var servers = new CloneServers();
        var provider = Provider(pair);
        await ExecuteAsync(pair.Primary, "INSERT INTO ledger (note) SELECT 'before the clone ' || g FROM generate_series(1, 20) g", timeout.Token);
        await WaitCountAsync(pair.Standby, "SELECT count(*) FROM ledger WHERE note LIKE 'before the clone %'", 20, timeout.Token);
        var primarySlots = await SlotsAsync(pair.Primary, timeout.Token);
        var standbySlots = await SlotsAsync(pair.Standby, timeout.Token);
        (await StandbyStateAsync(pair.Primary, timeout.Token)).ShouldBe("streaming");
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var watch = WatchStreamingAsync(pair.Primary, stopWatching.Token);

        servers.Track(pair.Standby.DataDir + ".drill-t1");
        var clone = await provider.CloneAsync("b", "t1", ports + 2, timeout.Token);

        clone.ShouldBe(new DatabaseClone("b", "t1", "127.0.0.1", ports + 2, pair.Standby.DataDir + ".drill-t1") { Lsn = clone.Lsn });
        clone.Lsn.ShouldNotBeNull().ShouldMatch("^[0-9A-F]+/[0-9A-F]+$");
        var onClone = Connection(clone.Port);
        (await ScalarAsync<bool>(onClone, "SELECT pg_is_in_recovery()", timeout.Token)).ShouldBeFalse("the clone is out of recovery");
        (await ScalarAsync<long>(onClone, "SELECT count(*) FROM ledger WHERE note LIKE 'before the clone %'", timeout.Token)).ShouldBe(20);
        (await ScalarAsync<long>(onClone, "INSERT INTO ledger (note) VALUES ('only on the clone') RETURNING id", timeout.Token)).ShouldBeGreaterThan(0);
        File.Exists(Path.Combine(clone.DataDirectory, "standby.signal")).ShouldBeFalse();
        (await ScalarAsync<string>(onClone, "SHOW primary_conninfo", timeout.Token)).ShouldBe("");
        (await ScalarAsync<string>(onClone, "SHOW archive_mode", timeout.Token)).ShouldBe("off");
        (await ScalarAsync<string>(onClone, "SHOW synchronous_standby_names", timeout.Token)).ShouldBe("");

        // Production goes on: a write after the clone reaches the standby; the clone's write reaches neither.
        await ExecuteAsync(pair.Primary, "INSERT INTO ledger (note) VALUES ('after the clone')", timeout.Token);
        await WaitCountAsync(pair.Standby, "SELECT count(*) FROM ledger WHERE note = 'after the clone'", 1, timeout.Token);
        (await CountAsync(pair.Standby, "SELECT count(*) FROM ledger WHERE note = 'only on the clone'", timeout.Token)).ShouldBe(0);
        (await CountAsync(pair.Primary, "SELECT count(*) FROM ledger WHERE note = 'only on the clone'", timeout.Token)).ShouldBe(0);
        (await ScalarAsync<long>(onClone, "SELECT count(*) FROM ledger WHERE note = 'after the clone'", timeout.Token)).ShouldBe(0, "the clone replicates nothing from production");
        (await ScalarAsync<decimal>(Connection(pair.Primary.Port, "postgres"), "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication WHERE application_name = 'b'", timeout.Token))
            .ShouldBeLessThan(16 * 1024 * 1024, "the standby's replay is within a WAL segment of the primary");

        var again = await provider.CloneAsync("b", "t1", ports + 2, timeout.Token);
        again.ShouldBe(clone, "a running clone is returned as it is");
        (await ScalarAsync<long>(onClone, "SELECT count(*) FROM ledger WHERE note = 'only on the clone'", timeout.Token)).ShouldBe(1, "and not made again");
        var postmaster = Postmaster.Find(clone.DataDirectory, "clone").ShouldNotBeNull();

        await provider.DropCloneAsync("b", "t1", timeout.Token);

        Directory.Exists(clone.DataDirectory).ShouldBeFalse();
        File.Exists(clone.DataDirectory + ".log").ShouldBeFalse();
        postmaster.IsAlive.ShouldBeFalse("the clone's server is stopped");
        Ports.IsFree(clone.Port).ShouldBeTrue();
        Directory.Exists(pair.Standby.DataDir).ShouldBeTrue("the standby's own data directory is untouched");
        (await SlotsAsync(pair.Primary, timeout.Token)).ShouldBe(primarySlots, "no slot is left on the primary");
        (await SlotsAsync(pair.Standby, timeout.Token)).ShouldBe(standbySlots, "no slot is left on the standby");
        await provider.DropCloneAsync("b", "t1", timeout.Token);
        await stopWatching.CancelAsync();
        (await watch).ShouldBeEmpty("the primary saw the standby streaming all along");
        (await StandbyStateAsync(pair.Primary, timeout.Token)).ShouldBe("streaming");
    }

    [Fact]
    public async Task Clone_ThroughAnExecutorPrefix_MadeAndDropped_PlanPortUsed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ports = DrillPorts.Next(3);
        await using var pair = await PasswordPair.StartAsync((ports, ports + 1));
        await using var servers = new CloneServers();
        var provider = pair.Provider(
            $"password_file: {PasswordPair.PasswordFile}\nexecutor: sh -c 'exec \"$@\"' sh",
            siteA: $"data_dir: \"{pair.Primary.DataDir}\"",
            siteB: $"data_dir: \"{pair.Standby.DataDir}\", drill_port: {ports + 2}");
        provider.ClonePort("b").ShouldBe(ports + 2);
        ((IDatabaseClone)provider).ClonePort("b").ShouldBe(ports + 2, "the contract's ClonePort is the plan's drill_port");
        provider.ClonePort("a").ShouldBeNull();
        await ExecuteAsync(pair.Primary, "INSERT INTO ledger (note) VALUES ('through the executor')", timeout.Token);
        await WaitCountAsync(pair.Standby, "SELECT count(*) FROM ledger WHERE note = 'through the executor'", 1, timeout.Token);

        servers.Track(pair.Standby.DataDir + ".drill-exec");
        var clone = await provider.CloneAsync("b", "exec", provider.ClonePort("b")!.Value, timeout.Token);

        (await ScalarAsync<long>(Connection(clone.Port), "SELECT count(*) FROM ledger WHERE note = 'through the executor'", timeout.Token)).ShouldBe(1);
        (await ScalarAsync<long>(Connection(clone.Port), "INSERT INTO ledger (note) VALUES ('on the clone') RETURNING id", timeout.Token)).ShouldBeGreaterThan(0);
        await provider.DropCloneAsync("b", "exec", timeout.Token);
        Directory.Exists(clone.DataDirectory).ShouldBeFalse();
        Ports.IsFree(clone.Port).ShouldBeTrue();
        (await SlotsAsync(pair.Standby, timeout.Token)).ShouldBe("");
    }

    [Fact]
    public async Task Clone_HalfMadeDirectory_IsRemovedAndMadeAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ports = DrillPorts.Next(3);
        await using var pair = await PasswordPair.StartAsync((ports, ports + 1));
        await using var servers = new CloneServers();
        var provider = Provider(pair);
        var leftover = pair.Standby.DataDir + ".drill-again";
        servers.Track(leftover);
        Directory.CreateDirectory(leftover);
        await File.WriteAllTextAsync(Path.Combine(leftover, "PG_VERSION"), "15\n", timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(leftover, "half-copied"), "", timeout.Token);

        var clone = await provider.CloneAsync("b", "again", ports + 2, timeout.Token);

        File.Exists(Path.Combine(clone.DataDirectory, "half-copied")).ShouldBeFalse();
        (await ScalarAsync<long>(Connection(clone.Port), "SELECT count(*) FROM ledger", timeout.Token)).ShouldBe(0);
        await provider.DropCloneAsync("b", "again", timeout.Token);
        Directory.Exists(leftover).ShouldBeFalse();
    }

    [Theory]
    [InlineData("../data")]
    [InlineData("a b")]
    [InlineData("-x")]
    [InlineData("")]
    public async Task Clone_BadName_RefusedWithOneLineBeforeTouchingAnything(string name)
    {
        var provider = PlanBuiltProvider.Build($"    a: {{ port: 34998, data_dir: /nowhere/a }}\n    b: {{ port: 34999, data_dir: /nowhere/b }}", Path.GetTempPath());

        var clone = await Should.ThrowAsync<ArgumentException>(() => provider.CloneAsync("b", name, 34997, CancellationToken.None));
        var drop = await Should.ThrowAsync<ArgumentException>(() => provider.DropCloneAsync("b", name, CancellationToken.None));

        foreach (var refusal in new[] { clone, drop })
        {
            refusal.Message.ShouldStartWith($"clone name '{name}' is not valid; expected 1 to 63 letters, digits and dashes");
            refusal.Message.Split('\n').Length.ShouldBe(1);
        }
    }

    [Fact]
    public async Task Clone_OnTheSitesOwnPort_Refused()
    {
        var provider = PlanBuiltProvider.Build($"    a: {{ port: 34998, data_dir: /nowhere/a }}\n    b: {{ port: 34999, data_dir: /nowhere/b }}", Path.GetTempPath());

        var refusal = await Should.ThrowAsync<ArgumentException>(() => provider.CloneAsync("b", "t", 34999, CancellationToken.None));

        refusal.Message.ShouldContain("needs a port of its own");
    }
}
