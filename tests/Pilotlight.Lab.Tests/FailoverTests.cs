using Npgsql;
using Pilotlight.Processes;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine;

namespace Pilotlight.Lab.Tests;

/// <summary>Failover on real labs: site a killed, the runbook run — in-process, and as a controller process killed between steps.</summary>
public sealed class FailoverTests
{
    private static Lab NewLab() =>
        LabFixture.Create(Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}"), LabFixture.FreeBasePort(), synchronous: false);

    [Fact]
    public async Task Failover_AfterSiteAKilled_CaughtUpReplica_BServesWrites_NoAcknowledgedOrderLost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var lab = NewLab();
        try
        {
            await lab.UpAsync(null, ct);
            var acknowledged = new List<long>();
            for (var i = 0; i < 20; i++)
            {
                acknowledged.Add((await LabHttp.PlaceOrderAsync(lab.Layout.EntryUrl, "before-failover", ct)).Id);
            }

            // Asynchronous: wait until the replica has everything, so what is checked is the failover, not replication lag.
            await Poll.UntilAsync(async c => (await lab.StatusAsync(TimeProvider.System, c)).Sites[1].Database.LagBytes == 0, TimeSpan.FromSeconds(10), "b to catch up", ct);
            await lab.DisasterAsync("a", DisasterMode.Kill, ct);
            var result = await lab.Engine().FailoverAsync(null, ct);

            result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
            result.Steps.Select(s => s.Step).ShouldBe(["fence-traffic", "fence-database", "scale-compute", "fence-compute", "promote-replica", "switch-traffic", "verify", "notify"], ignoreOrder: true);
            (await LabHttp.PlaceOrderAsync(lab.Layout.EntryUrl, "after-failover", ct)).Site.ShouldBe("b");
            var status = await lab.StatusAsync(TimeProvider.System, ct);
            status.ActiveSite.ShouldBe("b");
            status.Sites[1].Database.Role.ShouldBe(DatabaseRole.Primary);
            status.Sites[1].Database.Timeline.ShouldBe(2);
            status.Sites[1].Instances.Count(i => i.Ready).ShouldBe(2);
            await using var b = new NpgsqlConnection(lab.Database("b").ConnectionString);
            await b.OpenAsync(ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM orders WHERE id = ANY($1)", b) { Parameters = { new() { Value = acknowledged.ToArray() } } };
            ((long)(await count.ExecuteScalarAsync(ct))!).ShouldBe(acknowledged.Count);
            lab.Engine().History().ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task OperatorFailover_ReplicaLagUnknown_RefusedWithoutForce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var lab = NewLab();
        try
        {
            await lab.UpAsync(null, timeout.Token);
            await lab.DisasterAsync("b", DisasterMode.Kill, timeout.Token);

            var refused = await Should.ThrowAsync<EngineException>(() => lab.Engine().FailoverAsync(null, timeout.Token, gated: true));

            refused.Message.ShouldStartWith("estimated data loss unknown (no proof yet that b had replayed a's commits) exceeds max_data_loss 5s: rerun with --force to accept it (replica: ");
            lab.Engine().History().ShouldBeEmpty();
            lab.State.ActiveSite.ShouldBe("a");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Failover_ControllerKilledAfterEachStep_ResumesAndConverges()
    {
        foreach (var step in new[] { "fence-traffic", "fence-database", "scale-compute", "promote-replica", "switch-traffic", "verify" })
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var ct = timeout.Token;
            var lab = NewLab();
            try
            {
                await lab.UpAsync(null, ct);
                await lab.DisasterAsync("a", DisasterMode.Kill, ct);

                var crashed = await RunControllerAsync(lab, step, ct);
                crashed.ExitCode.ShouldBe(137, $"the controller should die by SIGKILL after {step}: {crashed.Output}");
                lab.Engine().History().ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Running, step);
                // The evidence was written as the execution went: what the entry showed before the kill is kept.
                var evidencePath = Core.Evidence.EvidenceFile.PathFor(Path.Combine(lab.Engine().Layout.ExecutionsDirectory, $"{lab.Engine().History().Single().Id}.jsonl"));
                var beforeKill = Core.Evidence.EvidenceFile.Read(evidencePath).ShouldNotBeNull($"evidence checkpointed before the kill after {step}").Probes;

                var resumed = await RunControllerAsync(lab, null, ct);
                resumed.ExitCode.ShouldBe(0, $"resume after {step}: {resumed.Output}");
                resumed.Output.ShouldContain("resumed after an interruption");
                var evidence = Core.Evidence.EvidenceFile.Read(evidencePath).ShouldNotBeNull();
                // (A resumption after a late step may finish before its first probe answers: it need not add any.)
                evidence.Probes.Take(beforeKill.Length).ShouldBe(beforeKill, $"the resumed execution's evidence extends the killed one's after {step}");

                var execution = lab.Engine().History().ShouldHaveSingleItem();
                execution.Outcome.ShouldBe(ExecutionOutcome.Succeeded, step);
                var status = await lab.StatusAsync(TimeProvider.System, ct);
                status.ActiveSite.ShouldBe("b", step);
                status.Sites[1].Database.Role.ShouldBe(DatabaseRole.Primary, step);
                status.Sites[1].Database.Timeline.ShouldBe(2, $"exactly one promotion after a crash after {step}");
                (await LabHttp.PlaceOrderAsync(lab.Layout.EntryUrl, $"after-{step}", ct)).Site.ShouldBe("b", step);
            }
            finally
            {
                await lab.DownAsync(purge: true, CancellationToken.None);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunControllerAsync(Lab lab, string? crashAfter, CancellationToken ct)
    {
        // No controller ran before the loss, so nothing proves what the replica had: the operator accepts it (--force).
        var run = await CliProcess.RunAsync(
            ["failover", "--state-dir", lab.Layout.StateDirectory, "--force", "--yes"],
            ct,
            crashAfter is null ? null : new Dictionary<string, string> { [Pilotlight.Cli.CrashHook.Variable] = crashAfter });
        return (run.ExitCode, run.Output + run.Error);
    }
}
