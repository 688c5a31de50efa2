using System.Text.Json;
using Npgsql;
using Pilotlight.Processes;
using Pilotlight.Core.Providers;

namespace Pilotlight.Lab.Tests;

/// <summary>Integration tests on one real asynchronous lab; tests that change routing put it back.</summary>
public sealed class AsyncLabTests(AsyncLabFixture fixture) : IClassFixture<AsyncLabFixture>
{
    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Fact]
    public async Task Replication_RowCommittedInA_ReadableInBWithinOneSecond()
    {
        var ct = Timeout();
        var clientRef = $"repl-{Guid.NewGuid():N}";
        var order = await LabHttp.PlaceOrderAsync(fixture.Up.EntryUrl, clientRef, ct);
        order.Site.ShouldBe("a");

        await using var standby = new NpgsqlConnection(fixture.Lab.Database("b").ConnectionString);
        await standby.OpenAsync(ct);
        await Poll.UntilAsync(
            async c =>
            {
                await using var command = new NpgsqlCommand("SELECT count(*) FROM orders WHERE id = $1", standby) { Parameters = { new() { Value = order.Id } } };
                return (long)(await command.ExecuteScalarAsync(c))! == 1;
            },
            TimeSpan.FromSeconds(1),
            $"order {order.Id} on the standby",
            ct,
            TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public async Task Objects_FileWrittenInA_AppearsByteIdenticalInB_AlsoAfterReplicatorRestart()
    {
        var ct = Timeout();
        var layout = fixture.Lab.Layout;
        var bytes = new byte[300_000];
        Random.Shared.NextBytes(bytes);
        var name = $"test-{Guid.NewGuid():N}.bin";
        await File.WriteAllBytesAsync(Path.Combine(layout.ObjectsDirectory("a"), name), bytes, ct);
        await WaitForCopyAsync(Path.Combine(layout.ObjectsDirectory("b"), name), bytes, ct);

        var replicator = Lab.Daemons.Single(d => d.Name == "replicator-b");
        var running = fixture.Lab.RunningDaemon(replicator).ShouldNotBeNull();
        await Signals.StopAsync(running, TimeSpan.FromSeconds(5), ct);
        var second = $"test-{Guid.NewGuid():N}.bin";
        await File.WriteAllBytesAsync(Path.Combine(layout.ObjectsDirectory("a"), second), bytes, ct);
        await fixture.Lab.UpAsync(null, ct); // repairs the lab: restarts the replicator, which reconciles at start
        await WaitForCopyAsync(Path.Combine(layout.ObjectsDirectory("b"), second), bytes, ct);
    }

    [Fact]
    public async Task Objects_SeededProductImagesAreReplicated()
    {
        var ct = Timeout();
        var image = Path.Combine(fixture.Lab.Layout.ObjectsDirectory("b"), "products", "SKU-7.png");
        var expected = await File.ReadAllBytesAsync(Path.Combine(fixture.Lab.Layout.ObjectsDirectory("a"), "products", "SKU-7.png"), ct);
        await WaitForCopyAsync(image, expected, ct);
        expected.AsSpan(0, 8).ToArray().ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
    }

    [Fact]
    public async Task Compute_ScaleBUpAndDown_KilledInstanceIsRestarted()
    {
        var ct = Timeout(90);
        var compute = fixture.Lab.Compute("b");
        try
        {
            await compute.ScaleAsync(2, ct);
            var instances = await compute.GetInstancesAsync(ct);
            instances.Count(i => i.Ready).ShouldBe(2);

            var victim = compute.RunningProcesses()[0];
            Signals.Send(victim, Signals.Kill).ShouldBeTrue();
            await Poll.UntilAsync(
                async c => (await compute.GetInstancesAsync(c)).Count(i => i.Ready && i.Pid != victim.Pid) == 2,
                TimeSpan.FromSeconds(30),
                "the supervisor to restart the killed instance",
                ct,
                TimeSpan.FromMilliseconds(100));
        }
        finally
        {
            await compute.ScaleAsync(0, CancellationToken.None);
        }

        compute.RunningProcesses().ShouldBeEmpty();
        (await compute.GetInstancesAsync(ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Traffic_SwitchToB_ServedByB_ThenBack()
    {
        var ct = Timeout(90);
        var entry = fixture.Lab.Entry;
        var compute = fixture.Lab.Compute("b");
        try
        {
            // B's instances write to B's database, a read-only standby: they start, but the Shop answers 503 to writes.
            await compute.ScaleAsync(1, ct);
            await entry.SwitchAsync("b", ct);
            (await entry.GetStatusAsync(ct)).ActiveSite.ShouldBe("b");
            using var http = new HttpClient();
            string? site = null;
            await Poll.UntilAsync(
                async c =>
                {
                    using var response = await http.GetAsync(new Uri(fixture.Up.EntryUrl, "/healthz"), c);
                    using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(c));
                    site = doc.RootElement.TryGetProperty("site", out var s) ? s.GetString() : null;
                    return site == "b";
                },
                TimeSpan.FromSeconds(10),
                "a response from a b instance through the entry",
                ct);
        }
        finally
        {
            await entry.SwitchAsync("a", CancellationToken.None);
            await compute.ScaleAsync(0, CancellationToken.None);
        }

        (await entry.GetStatusAsync(ct)).ActiveSite.ShouldBe("a");
        (await LabHttp.PlaceOrderAsync(fixture.Up.EntryUrl, "back-to-a", ct)).Site.ShouldBe("a");
    }

    [Fact]
    public async Task OperatorFailover_HealthyPrimaryWithoutATerminal_RefusedWithOneLine_NothingChanges()
    {
        var ct = Timeout(90);

        var run = await CliProcess.RunAsync(["failover", "--state-dir", fixture.Lab.Layout.StateDirectory], ct);

        run.ExitCode.ShouldBe(1, run.Output + run.Error);
        run.Error.Trim().ShouldBe("pilotlight: site a is healthy: its database answers as a primary and the entry serves the workload from it; a failover would fence it: rerun with --yes to fail over anyway");
        fixture.Lab.Engine().History().ShouldBeEmpty();
        fixture.Lab.State.ActiveSite.ShouldBe("a");
        (await LabHttp.PlaceOrderAsync(fixture.Up.EntryUrl, $"still-a-{Guid.NewGuid():N}", ct)).Site.ShouldBe("a");
    }

    [Fact]
    public async Task Up_SecondRun_ChangesNothing()
    {
        var ct = Timeout();
        var before = await fixture.Lab.StatusAsync(TimeProvider.System, ct);

        var again = await fixture.Lab.UpAsync(null, ct);

        again.Started.ShouldBeEmpty();
        var after = await fixture.Lab.StatusAsync(TimeProvider.System, ct);
        after.Sites.Select(s => s.DatabasePid).ShouldBe(before.Sites.Select(s => s.DatabasePid));
        after.Traffic.Pid.ShouldBe(before.Traffic.Pid);
        after.Sites[0].Instances.Select(i => i.Pid).ShouldBe(before.Sites[0].Instances.Select(i => i.Pid));
    }

    [Fact]
    public async Task Status_ReportsRolesLagAndRouting()
    {
        var ct = Timeout();
        LabStatus status = null!;
        await Poll.UntilAsync(
            async c =>
            {
                status = await fixture.Lab.StatusAsync(TimeProvider.System, c);
                return status.Sites[1].Database.LagBytes == 0;
            },
            TimeSpan.FromSeconds(10),
            "the standby to catch up",
            ct);

        status.ActiveSite.ShouldBe("a");
        status.Sites[0].Database.Role.ShouldBe(DatabaseRole.Primary);
        status.Sites[1].Database.Role.ShouldBe(DatabaseRole.Standby);
        status.Sites[1].Database.Streaming.ShouldBeTrue();
        status.Sites[1].Database.LagTime.ShouldBe(TimeSpan.Zero);
        status.Sites[0].Instances.Length.ShouldBe(2);
        status.Sites[0].Instances.ShouldAllBe(i => i.Running && i.Ready && i.Health == "ok");
        status.Sites[1].Instances.ShouldBeEmpty();
        File.Exists(status.PlanPath).ShouldBeTrue();
    }

    [Fact]
    public void Plan_WrittenByUp_ValidatesClean()
    {
        var result = Core.Plans.PlanFile.Read(fixture.Up.PlanPath, Pilotlight.Cli.PlanProviders.Registry, TimeProvider.System);

        result.Problems.ShouldBeEmpty();
        var plan = result.Plan.ShouldNotBeNull();
        var database = plan.Resource(Core.Plans.ResourceKind.Database)!.Settings.ShouldBeOfType<Pilotlight.Providers.Postgres.PostgresSettings>();
        database.Nodes["b"].Address.Port.ShouldBe(fixture.Lab.Layout.DatabasePort("b"));
        plan.Resource(Core.Plans.ResourceKind.Traffic)!.Settings.ShouldBeOfType<Pilotlight.Providers.HAProxy.HaproxySettings>().Listen!.Port.ShouldBe(fixture.Lab.Layout.EntryPort);
    }

    private static async Task WaitForCopyAsync(string path, byte[] expected, CancellationToken ct) =>
        await Poll.UntilAsync(
            async c => File.Exists(path) && (await File.ReadAllBytesAsync(path, c)).AsSpan().SequenceEqual(expected),
            TimeSpan.FromSeconds(15),
            $"{path} to be a byte-identical copy",
            ct,
            TimeSpan.FromMilliseconds(50));
}
