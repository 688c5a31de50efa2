using System.Text.Json;
using Npgsql;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine;
using Pilotlight.Processes;

namespace Pilotlight.Lab.Tests;

/// <summary>What failback and switchover tests share: a lab of their own, writes counted, and the lab's status without what must change.</summary>
internal static class Failback
{
    /// <summary>
    /// These tests run one after another, not side by side: each drives a lab under write load, and together they
    /// would starve the timing-sensitive chaos tests that run beside them on a 2-core machine.
    /// </summary>
    public const string Collection = "failback labs, one at a time";

    public static Lab NewLab(bool synchronous = false, bool netns = false) => new(new LabOptions
    {
        StateDirectory = Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}"),
        BasePort = LabFixture.FreeBasePort(),
        Synchronous = synchronous,
        Netns = netns,
        ShopAssembly = Repository.ShopAssembly,
        PilotlightCommand = ["dotnet", Repository.CliAssembly],
    });

    /// <summary>Fails the lab over from its active site, lost by <paramref name="mode"/>, under load; returns the writes it acknowledged.</summary>
    public static async Task<IReadOnlyList<AcknowledgedOrder>> FailOverUnderLoadAsync(Lab lab, DisasterMode mode, CancellationToken ct)
    {
        var active = lab.State.ActiveSite;
        await using var load = OrderLoad.Start(lab.Layout.EntryUrl, $"failover-from-{active}", workers: 2, maxOrders: 20_000, maxDuration: TimeSpan.FromMinutes(2));
        await Poll.UntilAsync(_ => Task.FromResult(load.Acknowledged.Count >= 50), TimeSpan.FromSeconds(30), "orders before the loss", ct);
        await Poll.UntilAsync(async c => (await lab.Engine().Providers.Database!.GetStatusAsync(LabLayout.OtherSite(active), c)) is { Streaming: true, LagBytes: < 1_000_000 }, TimeSpan.FromSeconds(20), "the standby to stream, close behind", ct);
        await lab.DisasterAsync(active, mode, ct);
        var result = await lab.Engine().FailoverAsync(null, ct, gated: true, force: true);
        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded, Steps(result));
        await Poll.UntilAsync(_ => Task.FromResult(load.Acknowledged.Any(o => o.Site != active)), TimeSpan.FromSeconds(20), "orders from the new site", ct);
        await load.StopAsync();
        return load.Acknowledged;
    }

    /// <summary>
    /// After a failback from an asynchronous lab: every acknowledged order the failover kept is on the active site,
    /// and the ones it lost (a kill may lose what had not reached the replica; <paramref name="lostAtFailover"/>, read
    /// on the new primary right after the failover) are exactly the missing ones, each exported in the failback's
    /// divergence file (Pilotlight never applies it by itself).
    /// </summary>
    public static async Task ShouldHaveKeptWhatTheFailoverKeptAsync(Lab lab, IEnumerable<AcknowledgedOrder> acknowledged, long[] lostAtFailover, string failbackId, CancellationToken ct)
    {
        (await MissingAsync(lab, acknowledged, ct)).ShouldBe(lostAtFailover, ignoreOrder: true, "the failback lost an acknowledged write the failover had kept");
        if (lostAtFailover.Length > 0)
        {
            var sql = await File.ReadAllTextAsync(Path.Combine(lab.Layout.StateDirectory, "executions", $"divergence-{failbackId}.sql"), ct);
            sql.Split('\n').Count(l => l.Contains("\"client_ref\": \"failover-from-a\"", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(lostAtFailover.Length, $"the {lostAtFailover.Length} write(s) the failover lost are exported: {sql}");
        }
    }

    /// <summary>Every acknowledged order that the active site's database does not have.</summary>
    public static async Task<long[]> MissingAsync(Lab lab, IEnumerable<AcknowledgedOrder> acknowledged, CancellationToken ct)
    {
        var ids = acknowledged.Select(o => o.Id).ToArray();
        await using var connection = new NpgsqlConnection(lab.Database(lab.State.ActiveSite).ConnectionString);
        await connection.OpenAsync(ct);
        await using var present = new NpgsqlCommand("SELECT id FROM orders WHERE id = ANY($1)", connection) { Parameters = { new() { Value = ids } } };
        var found = new HashSet<long>();
        await using var reader = await present.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetInt64(0));
        }

        return [.. ids.Where(id => !found.Contains(id))];
    }

    /// <summary>lab status as JSON, without what a failover and failback rightly change: timelines, positions, lags, processes, times.</summary>
    public static async Task<List<string>> ShapeAsync(Lab lab, CancellationToken ct)
    {
        var run = await CliProcess.RunAsync(["lab", "status", "--json", "--state-dir", lab.Layout.StateDirectory], ct);
        run.ExitCode.ShouldBe(0, run.Output + run.Error);
        var lines = new List<string>();
        Flatten(JsonDocument.Parse(run.Output).RootElement, "$", lines);
        return lines;
    }

    private static readonly string[] Changing = ["timeline", "lsn", "lag", "pid", "updated", "recorded", "at", "age", "oldest", "latency", "uptime", "started", "health", "replay", "received"];

    // One "path = value" line per leaf, so that a difference names its field.
    private static void Flatten(JsonElement element, string path, List<string> lines)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject().Where(p => !Changing.Any(c => p.Name.Contains(c, StringComparison.OrdinalIgnoreCase))))
                {
                    Flatten(property.Value, $"{path}.{property.Name}", lines);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{path}[{i++}]", lines);
                }

                break;
            default:
                lines.Add($"{path} = {element.GetRawText()}");
                break;
        }
    }

    public static string Steps(ExecutionResult result) => string.Join("\n", result.Steps.Select(s => $"{s.Step} {s.Outcome} {s.Detail}"));
}

/// <summary>
/// failover → failback → failover → failback on one synchronous lab under write load (so that no failover may lose an
/// acknowledged write either); the pilot-light shape comes back.
/// </summary>
[Collection(Failback.Collection)]
public sealed class FailbackCycleTests
{
    [Fact]
    public async Task FailoverFailbackTwice_UnderLoad_NoAcknowledgedWriteLost_BackInPilotLightShape()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        var lab = Failback.NewLab(synchronous: true);
        try
        {
            await lab.UpAsync(null, ct);
            var shape = await Failback.ShapeAsync(lab, ct);
            var all = new List<AcknowledgedOrder>();
            for (var round = 1; round <= 2; round++)
            {
                all.AddRange(await Failback.FailOverUnderLoadAsync(lab, DisasterMode.Kill, ct));
                lab.State.ActiveSite.ShouldBe("b");
                (await Failback.MissingAsync(lab, all, ct)).ShouldBeEmpty($"round {round}: acknowledged writes missing on b after the failover");

                var back = await lab.MeasureFailbackAsync((observer, token) => lab.Engine().FailbackAsync(observer, token), null, ct);

                back.Succeeded.ShouldBeTrue($"round {round}:\n{Failback.Steps(back.Execution)}");
                back.Acknowledged.ShouldBeGreaterThan(0);
                back.LostAcknowledged.ShouldBe(0, $"round {round}: acknowledged writes lost by the failback");
                // A commit the killed primary wrote to its own WAL but never confirmed (it waited for the standby) is a
                // divergence too: exported, never acknowledged.
                back.Step("capture-divergence").Detail.ShouldNotBeNull();
                // A primary killed with nothing diverged ends exactly at the fork: attached as it is; else rewound.
                // Once in about twenty clean-clone runs PostgreSQL 15's pg_rewind stops with "could not find previous
                // WAL record at <fork>" on the old primary read in recovery; the fallback (a fresh base backup) is
                // then the right answer, and only that pg_rewind failure may lead to it here.
                back.Step("rebuild-standby").Detail.ShouldNotBeNull().ShouldSatisfyAllConditions(
                    d => (d.StartsWith(StandbyRebuild.Attached, StringComparison.Ordinal) || d.StartsWith(StandbyRebuild.Rewound, StringComparison.Ordinal)
                        || (d.StartsWith(StandbyRebuild.BaseBackup, StringComparison.Ordinal) && d.Contains("pg_rewind failed: pg_rewind: error: could not find previous WAL record at ", StringComparison.Ordinal))).ShouldBeTrue(d));
                back.Step("attach-old-primary").Detail.ShouldNotBeNull().ShouldStartWith(StandbyRebuild.Attached, Case.Sensitive, "a cleanly demoted primary needs no rewind");
                back.Step("verify-consistency").Detail.ShouldNotBeNull().ShouldContain("equal at");
                lab.State.ActiveSite.ShouldBe("a");
                (await Failback.MissingAsync(lab, all, ct)).ShouldBeEmpty($"round {round}: acknowledged writes missing on a after the failback");
                var now = await Failback.ShapeAsync(lab, ct);
                now.Except(shape).ShouldBeEmpty($"round {round}: lab status after failback differs from the pilot-light shape it started in; it was:\n{string.Join("\n", shape.Except(now))}");
                now.Count.ShouldBe(shape.Count);
            }

            lab.Engine().History().Select(e => e.Kind).ShouldBe(["failover a->b", "failback b->a", "failover a->b", "failback b->a"]);
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }
}

/// <summary>
/// Writes that reached the old primary after the fork: exported before it is rewound, exactly, and applicable; and
/// an old primary that cannot be rewound is restored from a fresh base backup.
/// </summary>
[Collection(Failback.Collection)]
public sealed class FailbackDivergenceTests
{
    [Fact]
    public async Task FrozenPrimaryFailedOver_RowsWrittenStraightIntoIt_ExportedExactly_AndApplyToTheNewPrimary()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = Failback.NewLab();
        try
        {
            await lab.UpAsync(null, ct);
            var acknowledged = await Failback.FailOverUnderLoadAsync(lab, DisasterMode.Stop, ct);

            // Site a's server, frozen then fenced, is started again as a writable primary on its old timeline (what a
            // fence that did not hold, or an operator, would leave) and takes writes straight into its database.
            var a = lab.Database("a");
            File.Delete(Path.Combine(a.DataDir, "standby.signal"));
            await lab.RecoverAsync("a", ct);
            await a.StartAsync(ct);
            var diverged = Enumerable.Range(1, 7).Select(i => $"diverged-{i}").ToArray();
            await using (var connection = new NpgsqlConnection(a.ConnectionString))
            {
                await connection.OpenAsync(ct);
                foreach (var reference in diverged)
                {
                    await using var insert = new NpgsqlCommand("INSERT INTO orders (sku, qty, client_ref, site) VALUES ('SKU-1', 1, $1, 'a')", connection) { Parameters = { new() { Value = reference } } };
                    await insert.ExecuteNonQueryAsync(ct);
                }
            }

            await a.FenceAsync(ct);
            var result = await lab.Engine().FailbackAsync(null, ct);

            result.Outcome.ShouldBe(ExecutionOutcome.Succeeded, Failback.Steps(result));
            var capture = result.Steps.Single(s => s.Step == "capture-divergence").Detail.ShouldNotBeNull();
            capture.ShouldContain($"exported to divergence-{result.Id}.sql");
            var file = Path.Combine(lab.Layout.StateDirectory, "executions", $"divergence-{result.Id}.sql");
            var sql = await File.ReadAllTextAsync(file, ct);
            foreach (var reference in diverged)
            {
                sql.ShouldContain($"\"client_ref\": \"{reference}\"");
            }

            // Exactly those rows, besides orders of the load that a committed when it froze but never shipped to b.
            var statements = sql.Split('\n').Where(l => l.StartsWith("INSERT INTO public.orders", StringComparison.Ordinal) || l.StartsWith("UPDATE public.orders", StringComparison.Ordinal)).ToList();
            statements.Count(l => l.Contains("\"client_ref\": \"diverged-", StringComparison.Ordinal)).ShouldBe(diverged.Length, sql);
            statements.Where(l => !l.Contains("\"client_ref\": \"diverged-", StringComparison.Ordinal)).ShouldAllBe(l => l.Contains("\"client_ref\": \"failover-from-a\""), sql);
            sql.ShouldNotContain("-- conflict:", Case.Sensitive, "orders' serial ids taken on b are re-keyed, not conflicts");

            // Applied to the primary (a again, holding b's history): the diverged orders are back, nothing else changed.
            await using var primary = new NpgsqlConnection(lab.Database(lab.State.ActiveSite).ConnectionString);
            await primary.OpenAsync(ct);
            await using (var before = new NpgsqlCommand("SELECT count(*) FROM orders WHERE client_ref LIKE 'diverged-%'", primary))
            {
                ((long)(await before.ExecuteScalarAsync(ct))!).ShouldBe(0, "rewinding discarded them from a; only the file holds them");
            }

            await using (var apply = new NpgsqlCommand(sql, primary))
            {
                await apply.ExecuteNonQueryAsync(ct);
            }

            await using var after = new NpgsqlCommand("SELECT count(*) FROM orders WHERE client_ref LIKE 'diverged-%'", primary);
            ((long)(await after.ExecuteScalarAsync(ct))!).ShouldBe(diverged.Length);
            (await Failback.MissingAsync(lab, acknowledged, ct)).ShouldBeEmpty();
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task RewindImpossible_WalItNeedsRemoved_FallsBackToABaseBackup()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = Failback.NewLab();
        try
        {
            await lab.UpAsync(null, ct);
            var a = lab.Database("a");

            // The last checkpoint before the fork goes into a WAL segment of its own: the fork lies in a later one.
            string forkSegment;
            await using (var connection = new NpgsqlConnection(a.ConnectionString))
            {
                await connection.OpenAsync(ct);
                await using (var checkpoint = new NpgsqlCommand("CHECKPOINT; SELECT pg_switch_wal(); INSERT INTO orders (sku, qty, client_ref, site) VALUES ('SKU-1', 1, 'after-switch', 'a')", connection))
                {
                    await checkpoint.ExecuteNonQueryAsync(ct);
                }

                await using var segment = new NpgsqlCommand("SELECT pg_walfile_name(pg_current_wal_lsn())", connection);
                forkSegment = (string)(await segment.ExecuteScalarAsync(ct))!;
            }

            var acknowledged = await Failback.FailOverUnderLoadAsync(lab, DisasterMode.Kill, ct);
            var lostAtFailover = await Failback.MissingAsync(lab, acknowledged, ct);

            // a comes back writable for a moment (diverging) and checkpoints there, after the fork: it can start from
            // that checkpoint, and its WAL from the fork on is kept — but the segment with the last checkpoint before
            // the fork, which pg_rewind needs to find the blocks a changed, is removed.
            File.Delete(Path.Combine(a.DataDir, "standby.signal"));
            await lab.RecoverAsync("a", ct);
            await a.StartAsync(ct);
            await using (var connection = new NpgsqlConnection(a.ConnectionString))
            {
                await connection.OpenAsync(ct);
                await using var diverge = new NpgsqlCommand("INSERT INTO orders (sku, qty, client_ref, site) VALUES ('SKU-2', 1, 'diverged-before-rebuild', 'a'); CHECKPOINT", connection);
                await diverge.ExecuteNonQueryAsync(ct);
            }

            await a.FenceAsync(ct);
            var older = Directory.GetFiles(Path.Combine(a.DataDir, "pg_wal")).Where(f => Path.GetFileName(f).Length == 24 && string.CompareOrdinal(Path.GetFileName(f), forkSegment) < 0).ToList();
            older.ShouldNotBeEmpty("a segment before the fork's");
            foreach (var segment in older)
            {
                File.Delete(segment);
            }

            var result = await lab.Engine().FailbackAsync(null, ct);

            result.Outcome.ShouldBe(ExecutionOutcome.Succeeded, Failback.Steps(result));
            result.Steps.Single(s => s.Step == "capture-divergence").Detail.ShouldNotBeNull().ShouldContain("exported to divergence-");
            result.Steps.Single(s => s.Step == "rebuild-standby").Detail.ShouldNotBeNull().ShouldStartWith(StandbyRebuild.BaseBackup);
            var sql = await File.ReadAllTextAsync(Path.Combine(lab.Layout.StateDirectory, "executions", $"divergence-{result.Id}.sql"), ct);
            sql.ShouldContain("diverged-before-rebuild", Case.Sensitive, "captured before the old data directory was replaced");
            lab.State.ActiveSite.ShouldBe("a");
            await Failback.ShouldHaveKeptWhatTheFailoverKeptAsync(lab, acknowledged, lostAtFailover, result.Id, ct);
            (await lab.Engine().Providers.Database!.GetStatusAsync("b", ct)).Role.ShouldBe(DatabaseRole.Standby);
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }
}

/// <summary>pilotlight failback as a process, killed (SIGKILL) after each of its steps in turn, each run resuming the last.</summary>
[Collection(Failback.Collection)]
public sealed class FailbackResumeTests
{
    [Fact]
    public async Task Failback_KilledAfterEachStep_EachRunResumes_Converges()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        var lab = Failback.NewLab();
        try
        {
            await lab.UpAsync(null, ct);
            var acknowledged = await Failback.FailOverUnderLoadAsync(lab, DisasterMode.Kill, ct);
            var lostAtFailover = await Failback.MissingAsync(lab, acknowledged, ct);
            await lab.RecoverAsync("a", ct);
            string[] steps = ["capture-divergence", "rebuild-standby", "replication-to-old", "objects-to-old", "check-secrets", "scale-target-compute", "fence-writes", "verify-consistency", "demote-primary", "wait-replay", "promote-target", "switch-traffic", "attach-old-primary", "verify", "scale-down-old"];
            var crashes = 0;
            var finished = false;
            for (var attempt = 0; attempt < steps.Length; attempt++)
            {
                // The next step of the chain that no earlier run finished (steps without dependencies between them
                // run together, so a run killed after one may have finished others).
                var done = lab.Engine().History() is { Count: 2 } runs ? runs[^1].Steps.Where(s => s.Outcome is StepOutcome.Succeeded or StepOutcome.AlreadyDone).Select(s => s.Step).ToHashSet() : [];
                if (steps.FirstOrDefault(s => !done.Contains(s)) is not { } step)
                {
                    break; // only steps no other waits for remain: the last run below finishes them
                }

                var run = await CliProcess.RunAsync(["failback", "--state-dir", lab.Layout.StateDirectory], ct, new Dictionary<string, string> { [Pilotlight.Cli.CrashHook.Variable] = step });
                if (run.ExitCode == 0)
                {
                    // The step had already been done by an earlier run (steps without dependencies between them run
                    // together): this run resumed and finished the failback.
                    run.Output.ShouldContain("resumed after an interruption");
                    finished = true;
                    break;
                }

                run.ExitCode.ShouldBe(137, $"killed after {step}: {run.Output}{run.Error}");
                lab.Engine().History()[^1].Outcome.ShouldBe(ExecutionOutcome.Running, step);
                crashes++;
            }

            if (!finished)
            {
                var last = await CliProcess.RunAsync(["failback", "--state-dir", lab.Layout.StateDirectory], ct);
                last.ExitCode.ShouldBe(0, last.Output + last.Error);
                last.Output.ShouldContain("resumed after an interruption");
            }

            crashes.ShouldBeGreaterThanOrEqualTo(9, "killed after most steps, each run resuming the last");

            var history = lab.Engine().History();
            history.Select(e => e.Kind).ShouldBe(["failover a->b", "failback b->a"]);
            history[^1].Outcome.ShouldBe(ExecutionOutcome.Succeeded);
            lab.State.ActiveSite.ShouldBe("a");
            var status = await lab.StatusAsync(TimeProvider.System, ct);
            status.Sites[0].Database.Role.ShouldBe(DatabaseRole.Primary);
            status.Sites[1].Database.Role.ShouldBe(DatabaseRole.Standby);
            status.Sites[1].Database.Streaming.ShouldBeTrue();
            await Failback.ShouldHaveKeptWhatTheFailoverKeptAsync(lab, acknowledged, lostAtFailover, history[^1].Id, ct);
            (await LabHttp.PlaceOrderAsync(lab.Layout.EntryUrl, "after-resumed-failback", ct)).Site.ShouldBe("a");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }
}

/// <summary>Switchover both ways under write load, asynchronous and synchronous: not one acknowledged write lost.</summary>
[Collection(Failback.Collection)]
public sealed class SwitchoverLabTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SwitchoverBothWays_UnderLoad_NoAcknowledgedWriteLost(bool synchronous)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = Failback.NewLab(synchronous);
        try
        {
            await lab.UpAsync(null, ct);
            await using var load = OrderLoad.Start(lab.Layout.EntryUrl, "switchover", workers: 2, maxOrders: 30_000, maxDuration: TimeSpan.FromMinutes(3));
            foreach (var (from, to) in new[] { ("a", "b"), ("b", "a") })
            {
                await Poll.UntilAsync(_ => Task.FromResult(load.Acknowledged.Count(o => o.Site == from) >= 30), TimeSpan.FromSeconds(30), $"orders on {from}", ct);
                var result = await lab.Engine().SwitchoverAsync(to, null, ct);
                result.Outcome.ShouldBe(ExecutionOutcome.Succeeded, Failback.Steps(result));
                result.Steps.Single(s => s.Step == "attach-old-primary").Detail.ShouldNotBeNull().ShouldStartWith(StandbyRebuild.Attached);
                lab.State.ActiveSite.ShouldBe(to);
                await Poll.UntilAsync(_ => Task.FromResult(load.Acknowledged.Any(o => o.Site == to && o.At > result.Finished)), TimeSpan.FromSeconds(20), $"orders on {to}", ct);
                (await lab.Engine().Providers.Database!.GetStatusAsync(from, ct)).Role.ShouldBe(DatabaseRole.Standby);
            }

            await load.StopAsync();
            load.Acknowledged.Count.ShouldBeGreaterThan(60);
            (await Failback.MissingAsync(lab, load.Acknowledged, ct)).ShouldBeEmpty($"{(synchronous ? "sync" : "async")}: acknowledged writes lost");
            if (synchronous)
            {
                await using var connection = new NpgsqlConnection(lab.Database("a").ConnectionString);
                await connection.OpenAsync(ct);
                await using var sync = new NpgsqlCommand("SELECT count(*) FROM pg_stat_replication WHERE application_name = 'b' AND sync_state = 'sync'", connection);
                ((long)(await sync.ExecuteScalarAsync(ct))!).ShouldBe(1, "b is a's synchronous standby again");
            }
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }
}

/// <summary>A failback whose old site cannot be reached is refused with the reason, and nothing changes.</summary>
[Collection(Failback.Collection)]
public sealed class FailbackRefusalTests
{
    [Fact]
    public async Task Failback_OldSitePartitioned_RefusedSayingWhy_NothingChanged()
    {
        if (!ProcessLauncher.IsRoot)
        {
            throw new InvalidOperationException("this test needs root: it partitions a site's network namespace (ip netns); CI runs as root");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = Failback.NewLab(netns: true);
        try
        {
            await lab.UpAsync(null, ct);
            await lab.DisasterAsync("a", DisasterMode.Partition, ct);
            (await lab.Engine().FailoverAsync(null, ct, gated: true, force: true)).Outcome.ShouldBe(ExecutionOutcome.Succeeded);

            var run = await CliProcess.RunAsync(["failback", "--state-dir", lab.Layout.StateDirectory], ct);

            run.ExitCode.ShouldBe(1, run.Output + run.Error);
            run.Error.ShouldStartWith("pilotlight failback: failback b->a refused, nothing was changed: site a: ");
            run.Error.Trim().Split('\n').Length.ShouldBe(1, run.Error);
            lab.Engine().History().ShouldHaveSingleItem().Kind.ShouldBe("failover a->b");
            lab.State.ActiveSite.ShouldBe("b");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }
}
