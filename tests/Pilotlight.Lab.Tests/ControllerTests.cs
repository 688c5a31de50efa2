using Pilotlight.Processes;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab.Tests;

/// <summary>The controller (watch) on real labs: automatic failover, and a frozen old primary that comes back.</summary>
public sealed class ControllerTests
{
    private static Lab NewLab(bool synchronous = false) =>
        LabFixture.Create(Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}"), LabFixture.FreeBasePort(), synchronous);

    [Fact]
    public async Task Watch_SyncLabSiteAKilledUnderLoad_DetectsAndFailsOverAutomatically_NoAcknowledgedWriteLost()
    {
        // Asynchronous replication may lose acknowledged writes when the walsender trails (FIELD-NOTES, pitfall 4);
        // synchronous replication must not lose one.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var lab = NewLab(synchronous: true);
        try
        {
            await lab.UpAsync(null, timeout.Token);

            var measured = await lab.MeasureFailoverAsync(DisasterMode.Kill, Pilotlight.Cli.Commands.LabController.Watch(lab), null, timeout.Token);

            measured.Succeeded.ShouldBeTrue();
            measured.Detection.ShouldNotBeNull();
            measured.ClientOutage.ShouldNotBeNull();
            measured.Acknowledged.ShouldBeGreaterThan(0);
            measured.LostAcknowledged.ShouldBe(0);
            lab.State.ActiveSite.ShouldBe("b");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task FenceDoesNotHold_FrozenPrimaryFailedOverThenContinued_TakesNoWriteFromAnyClient_EntryNeverRoutesToIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var lab = NewLab();
        try
        {
            await lab.UpAsync(null, ct);

            // This test is about the fence, not the RPO gate: a budget no busy machine's detection can exceed.
            var plan = await File.ReadAllTextAsync(lab.Layout.PlanPath, ct);
            await File.WriteAllTextAsync(lab.Layout.PlanPath, plan.Replace("rpo: 5s", "rpo: 60s", StringComparison.Ordinal).Replace("max_data_loss: 5s", "max_data_loss: 60s", StringComparison.Ordinal), ct);
            await using var load = OrderLoad.Start(lab.Layout.EntryUrl, "split-brain", workers: 2);
            await using var controller = new ControllerRun(lab, ct);
            await Poll.UntilAsync(_ => Task.FromResult(load.Acknowledged.Count >= 10), TimeSpan.FromSeconds(20), "writes acknowledged by a", ct);

            // Until its observer has seen b ready, the controller has no proof of what b replayed: a loss then is "unknown".
            await controller.WaitForAsync(e => e.Kind == "ready" && e.Text.StartsWith("READY", StringComparison.Ordinal), "the controller to find b ready", TimeSpan.FromSeconds(30), ct);

            // A frozen region: the failover fences it through its host — a frozen server cannot refuse.
            await lab.DisasterAsync("a", DisasterMode.Stop, ct);
            await controller.WaitForAsync(e => e.Execution is not null, "the automatic failover", TimeSpan.FromSeconds(60), ct);
            var execution = controller.Events.Single(e => e.Execution is not null).Execution!;
            execution.Outcome.ShouldBe(Core.Runbooks.ExecutionOutcome.Succeeded);
            execution.Steps.Single(s => s.Step == "fence-database").Outcome.ShouldBe(Core.Runbooks.StepOutcome.Succeeded);

            // The region comes back: nothing of a's that Pilotlight ran takes a write, from any client.
            await lab.RecoverAsync("a", ct);
            var databases = new PostgresDatabaseProvider(new Dictionary<string, PostgresNode> { ["a"] = lab.Database("a"), ["b"] = lab.Database("b") });
            (await databases.IsFencedAsync("a", ct)).ShouldBeTrue();
            lab.Database("a").Running.ShouldBeNull();
            lab.Compute("a").RunningProcesses().ShouldBeEmpty();
            await Should.ThrowAsync<Npgsql.NpgsqlException>(async () =>
            {
                await using var connection = new Npgsql.NpgsqlConnection(lab.Database("a").ConnectionString);
                await connection.OpenAsync(ct);
                await using var write = new Npgsql.NpgsqlCommand("SET default_transaction_read_only = off; INSERT INTO orders (sku, qty, client_ref, site) VALUES ('SKU-1', 1, 'after-fence', 'a')", connection);
                await write.ExecuteNonQueryAsync(ct);
            });
            (await lab.Entry.GetStatusAsync(ct)).Servers.Where(s => s.Site == "a").ShouldAllBe(s => s.AdminState == "maint");

            // What the operator sees agrees: a is the fenced old primary, not a primary and not a replica.
            (await lab.StatusAsync(TimeProvider.System, ct)).Sites.Single(s => s.Name == "a").DatabaseFenced.ShouldBeTrue();
            (await lab.Engine().ReadinessAsync(ct)).Checks.Single(c => c.Name == "database").Detail.ShouldStartWith("site a's database is the fenced old primary (stopped)");
            await Task.Delay(TimeSpan.FromSeconds(1), ct); // keep writing a little after the fence
            await load.StopAsync();

            // Writes were acknowledged by a, then by b — never by a again.
            var sites = load.Acknowledged.Select(o => o.Site).ToList();
            var story = string.Join("", sites.Select(s => s[0]));
            sites.ShouldContain("a", story);
            sites.ShouldContain("b", story);
            sites.SkipWhile(s => s == "a").ShouldAllBe(s => s == "b", story);
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task SplitBrain_OldPrimaryRestartedWritable_IsFencedAgainWithinAnInterval()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var lab = NewLab();
        try
        {
            await lab.UpAsync(null, ct);
            await lab.DisasterAsync("a", DisasterMode.Kill, ct);
            (await lab.Engine().FailoverAsync(null, ct)).Outcome.ShouldBe(Core.Runbooks.ExecutionOutcome.Succeeded);
            lab.Database("a").IsFenceMarked.ShouldBeTrue();

            // Someone brings the old primary back as a writable primary by hand (the fence undone).
            File.Delete(Path.Combine(lab.Database("a").DataDir, "standby.signal"));
            await lab.Database("a").StartAsync(ct);
            var databases = new PostgresDatabaseProvider(new Dictionary<string, PostgresNode> { ["a"] = lab.Database("a"), ["b"] = lab.Database("b") });
            (await databases.GetStatusAsync("a", ct)).Role.ShouldBe(DatabaseRole.Primary);

            await using var controller = new ControllerRun(lab, ct);
            await controller.WaitForAsync(e => e.Kind == "fence", "the controller to fence the returning primary", TimeSpan.FromSeconds(20), ct);

            controller.Events.Single(e => e.Kind == "fence").Text.ShouldStartWith("site a's database came back as a writable primary: fenced");
            (await databases.IsFencedAsync("a", ct)).ShouldBeTrue();
            lab.Database("a").Running.ShouldBeNull();
            (await lab.Entry.GetStatusAsync(ct)).Servers.Where(s => s.Site == "a").ShouldAllBe(s => s.AdminState == "maint");
            controller.Events.ShouldNotContain(e => e.Kind == "failover");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task ApprovalPolicy_SiteLost_WaitsForApproval_ThenFailsOver()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var lab = NewLab();
        try
        {
            await lab.UpAsync(null, ct);
            await File.WriteAllTextAsync(lab.Layout.PlanPath, (await File.ReadAllTextAsync(lab.Layout.PlanPath, ct)).Replace("policy: automatic", "policy: approval", StringComparison.Ordinal), ct);
            await using var controller = new ControllerRun(lab, ct);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);

            await lab.DisasterAsync("a", DisasterMode.Kill, ct);
            await controller.WaitForAsync(e => e.Kind == "approval", "the request for approval", TimeSpan.FromSeconds(20), ct);
            controller.Events.Single(e => e.Kind == "decision").Text.ShouldStartWith("awaitapproval: policy approval; estimated data loss");
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            controller.Events.ShouldNotContain(e => e.Kind == "failover");
            lab.State.ActiveSite.ShouldBe("a");

            var request = lab.Engine().Answer(null, approve: true);
            request.Kind.ShouldBe("failover a->b");
            await controller.WaitForAsync(e => e.Execution is not null, "the approved failover", TimeSpan.FromSeconds(30), ct);

            controller.Events.Single(e => e.Execution is not null).Execution!.Outcome.ShouldBe(Core.Runbooks.ExecutionOutcome.Succeeded);
            lab.State.ActiveSite.ShouldBe("b");
            lab.Engine().PendingApprovals().ShouldBeEmpty();
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task AutomaticPolicy_DataLossUnknown_RefusesWithoutForce_AndDenyKeepsIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var lab = NewLab();
        try
        {
            await lab.UpAsync(null, ct);

            // The replica is already lost when the controller starts: it never learns its lag.
            await lab.DisasterAsync("b", DisasterMode.Kill, ct);
            await using var controller = new ControllerRun(lab, ct);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            await lab.DisasterAsync("a", DisasterMode.Kill, ct);

            await controller.WaitForAsync(e => e.Kind == "approval", "the request for approval", TimeSpan.FromSeconds(20), ct);
            controller.Events.Single(e => e.Kind == "decision").Text.ShouldBe("awaitapproval: estimated data loss unknown (no proof yet that b had replayed a's commits) exceeds max_data_loss 5s: approve to accept it");
            lab.Engine().Answer(null, approve: false);
            await controller.WaitForAsync(e => e.Text.Contains("denied", StringComparison.Ordinal), "the denial", TimeSpan.FromSeconds(10), ct);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);

            controller.Events.ShouldNotContain(e => e.Kind == "failover");
            lab.Engine().History().ShouldBeEmpty();
            lab.State.ActiveSite.ShouldBe("a");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }
}
