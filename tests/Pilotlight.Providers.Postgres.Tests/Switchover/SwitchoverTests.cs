using Pilotlight.Core.Providers;
using Pilotlight.Processes;
using static Pilotlight.Providers.Postgres.Tests.Switchover.SwitchoverFixture;

namespace Pilotlight.Providers.Postgres.Tests.Switchover;

/// <summary>Planned switchovers through a provider built from a plan: demotion token, replay, promotion, the old primary attached back.</summary>
public sealed class SwitchoverTests
{
    [Fact]
    public async Task Switchover_RoundTrip_OldPrimaryAttachedWithoutRewindBothWaysAndNoWriteLost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var pair = await PasswordPair.StartAsync();
        var provider = Provider(pair);
        (await provider.CheckOperableAsync("a", timeout.Token)).ShouldBeEmpty();
        await ExecuteAsync(pair.Primary, "INSERT INTO ledger (note) SELECT 'before switchover ' || g FROM generate_series(1, 50) g", timeout.Token);

        var token = await provider.DemoteAsync("a", timeout.Token);

        (await provider.DemoteAsync("a", timeout.Token)).ShouldBe(token, "a second demotion of a server down cleanly returns the same token");
        pair.Primary.IsFenceMarked.ShouldBeTrue("a demoted primary comes back in recovery if anything restarts it");
        await WaitReplayedAsync(provider, "b", token, timeout.Token);
        await provider.PromoteAsync("b", timeout.Token);
        (await CountAsync(pair.Standby, "SELECT count(*) FROM ledger WHERE note LIKE 'before switchover %'", timeout.Token)).ShouldBe(50);

        var rebuild = await provider.RebuildAsStandbyAsync("a", "b", timeout.Token);

        rebuild.ShouldBeStandbyMethod(StandbyRebuild.Attached);
        (await provider.IsStandbyOfAsync("a", "b", timeout.Token)).ShouldBeTrue();
        pair.Primary.IsFenceMarked.ShouldBeFalse("an attached standby's standby.signal carries no fence marker");
        (await provider.RebuildAsStandbyAsync("a", "b", timeout.Token)).Detail.ShouldContain("already streams");
        await ExecuteAsync(pair.Standby, "INSERT INTO ledger (note) VALUES ('on b as primary')", timeout.Token);
        await WaitCountAsync(pair.Primary, "SELECT count(*) FROM ledger WHERE note = 'on b as primary'", 1, timeout.Token);
        (await provider.CompareAsync("b", "a", timeout.Token)).Consistent.ShouldBeTrue();
        await provider.ConfigureReplicationAsync("b", "a", timeout.Token);
        (await provider.IsReplicationConfiguredAsync("b", "a", timeout.Token)).ShouldBeTrue();

        // And back: b demoted, a promoted, b attached again.
        var back = await provider.DemoteAsync("b", timeout.Token);
        await WaitReplayedAsync(provider, "a", back, timeout.Token);
        await provider.PromoteAsync("a", timeout.Token);
        (await provider.RebuildAsStandbyAsync("b", "a", timeout.Token)).ShouldBeStandbyMethod(StandbyRebuild.Attached);
        (await provider.IsStandbyOfAsync("b", "a", timeout.Token)).ShouldBeTrue();
        (await CountAsync(pair.Primary, "SELECT count(*) FROM ledger", timeout.Token)).ShouldBe(51);
        var report = await provider.CompareAsync("a", "b", timeout.Token);
        report.Consistent.ShouldBeTrue();
        report.Tables.Single(t => t.Table == "public.ledger").StandbyRows.ShouldBe(51);
    }

    [Fact]
    public async Task Switchover_ThroughAnExecutorPrefix_DemotesAndAttachesWithTheStartCommand()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var pair = await PasswordPair.StartAsync();
        var asOwner = ProcessLauncher.IsRoot ? "setpriv --reuid=postgres --regid=postgres --init-groups -- " : "";
        var provider = Provider(pair, $"executor: sh -c 'exec \"$@\"' sh\nstart_command: \"{asOwner}{{bin_dir}}/pg_ctl start -D {{data_dir}} -l {{data_dir}}/../postgres.log -w -s\"");
        (await provider.CheckOperableAsync("a", timeout.Token)).ShouldBeEmpty();
        await ExecuteAsync(pair.Primary, "INSERT INTO ledger (note) VALUES ('through the executor')", timeout.Token);

        var token = await provider.DemoteAsync("a", timeout.Token);
        await WaitReplayedAsync(provider, "b", token, timeout.Token);
        await provider.PromoteAsync("b", timeout.Token);
        var rebuild = await provider.RebuildAsStandbyAsync("a", "b", timeout.Token);

        rebuild.ShouldBeStandbyMethod(StandbyRebuild.Attached);
        (await provider.IsStandbyOfAsync("a", "b", timeout.Token)).ShouldBeTrue();
        (await CountAsync(pair.Primary, "SELECT count(*) FROM ledger WHERE note = 'through the executor'", timeout.Token)).ShouldBe(1);
    }

    [Fact]
    public async Task CheckOperable_FailingExecutorAndMissingDataDir_OneLineEach()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var provider = PlanBuiltProvider.Build(
            $"    a: {{ port: {PostgresPair.FreePort()}, executor: \"false\", data_dir: /nowhere/data }}\n    b: {{ port: {PostgresPair.FreePort()} }}",
            Path.GetTempPath());

        var a = await provider.CheckOperableAsync("a", timeout.Token);
        var b = await provider.CheckOperableAsync("b", timeout.Token);

        a.ShouldContain(l => l.StartsWith("site a: the executor 'false' cannot run 'true'", StringComparison.Ordinal));
        a.ShouldContain("site a: no way to start the server: no start_command, and its data_dir is not on this host");
        b.ShouldContain(l => l.StartsWith("site b: no data_dir in the plan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfigureReplication_Sync_StandbyIsSynchronousWithRemoteApplyThenAsyncResetsIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await PasswordPair.StartAsync();
        var sync = Provider(pair, "replication: sync");
        var asynchronous = Provider(pair);
        (await sync.IsReplicationConfiguredAsync("a", "b", timeout.Token)).ShouldBeFalse();

        await sync.ConfigureReplicationAsync("a", "b", timeout.Token);

        (await sync.IsReplicationConfiguredAsync("a", "b", timeout.Token)).ShouldBeTrue();
        (await TextAsync(pair.Primary, "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'b'", timeout.Token)).ShouldBe("sync");
        (await TextAsync(pair.Primary, "SHOW synchronous_commit", timeout.Token)).ShouldBe("remote_apply");
        (await asynchronous.IsReplicationConfiguredAsync("a", "b", timeout.Token)).ShouldBeFalse();
        await asynchronous.ConfigureReplicationAsync("a", "b", timeout.Token);
        (await TextAsync(pair.Primary, "SHOW synchronous_standby_names", timeout.Token)).ShouldBe("");
        (await sync.IsReplicationConfiguredAsync("a", "b", timeout.Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task Demote_KilledPrimary_NotCleanlyDemoted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await PasswordPair.StartAsync();
        var provider = Provider(pair);
        await provider.FenceAsync("a", timeout.Token);

        var e = await Should.ThrowAsync<InvalidOperationException>(() => provider.DemoteAsync("a", timeout.Token));

        e.Message.ShouldStartWith("site a is not cleanly demoted: its server is down but pg_controldata says \"in production\"");
    }

    [Fact]
    public async Task Demote_Standby_Refused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await PasswordPair.StartAsync();
        var provider = Provider(pair);

        var e = await Should.ThrowAsync<InvalidOperationException>(() => provider.DemoteAsync("b", timeout.Token));

        e.Message.ShouldBe("cannot demote site b: its server answers as a standby (in recovery), not as a primary");
    }
}
