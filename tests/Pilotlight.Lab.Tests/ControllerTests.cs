using Pilotlight.Core.Processes;
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

            var measured = await lab.MeasureFailoverAsync(DisasterMode.Kill, null, timeout.Token);

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
    public async Task SplitBrain_FrozenPrimaryFailedOverThenContinued_IsFencedAtOnce_EntryNeverRoutesToTwoPrimaries()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var lab = NewLab();
        try
        {
            await lab.UpAsync(null, ct);
            await using var load = OrderLoad.Start(lab.Layout.EntryUrl, "split-brain", workers: 2);
            await using var controller = new ControllerRun(lab, ct);
            await Poll.UntilAsync(_ => Task.FromResult(load.Acknowledged.Count >= 10), TimeSpan.FromSeconds(20), "writes acknowledged by a", ct);

            // A frozen region: the failover must not wait on it beyond the fence timeout.
            await lab.DisasterAsync("a", DisasterMode.Stop, ct);
            await controller.WaitForAsync(e => e.Execution is not null, "the automatic failover", TimeSpan.FromSeconds(60), ct);
            controller.Events.Single(e => e.Execution is not null).Execution!.Outcome.ShouldBe(Core.Runbooks.ExecutionOutcome.Succeeded);

            // The region comes back: a's postgres continues, still believing it is a writable primary.
            await lab.RecoverAsync("a", ct);
            await controller.WaitForAsync(e => e.Kind == "fence", "the controller to fence the returning primary", TimeSpan.FromSeconds(20), ct);

            var databases = new PostgresDatabaseProvider(new Dictionary<string, PostgresNode> { ["a"] = lab.Database("a"), ["b"] = lab.Database("b") });
            (await databases.IsFencedAsync("a", ct)).ShouldBeTrue();
            (await lab.Entry.GetStatusAsync(ct)).Servers.Where(s => s.Site == "a").ShouldAllBe(s => s.AdminState == "maint");
            await Task.Delay(TimeSpan.FromSeconds(1), ct); // keep writing a little after the fence
            await load.StopAsync();

            // Polled through the whole scenario: writes were acknowledged by a, then by b — never by a again.
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

            var request = lab.Answer(null, approve: true);
            request.Kind.ShouldBe("failover a->b");
            await controller.WaitForAsync(e => e.Execution is not null, "the approved failover", TimeSpan.FromSeconds(30), ct);

            controller.Events.Single(e => e.Execution is not null).Execution!.Outcome.ShouldBe(Core.Runbooks.ExecutionOutcome.Succeeded);
            lab.State.ActiveSite.ShouldBe("b");
            lab.PendingApprovals().ShouldBeEmpty();
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
            controller.Events.Single(e => e.Kind == "decision").Text.ShouldBe("awaitapproval: estimated data loss unknown exceeds max_data_loss 5s: approve to accept it");
            lab.Answer(null, approve: false);
            await controller.WaitForAsync(e => e.Text.Contains("denied", StringComparison.Ordinal), "the denial", TimeSpan.FromSeconds(10), ct);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);

            controller.Events.ShouldNotContain(e => e.Kind == "failover");
            lab.History().ShouldBeEmpty();
            lab.State.ActiveSite.ShouldBe("a");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }
}
