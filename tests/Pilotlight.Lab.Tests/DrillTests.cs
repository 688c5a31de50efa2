using System.Collections.Concurrent;
using System.Text.Json;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine.Drills;
using Pilotlight.Processes;

namespace Pilotlight.Lab.Tests;

/// <summary>
/// Issue 10: drills on a real lab. A live drill (a planned switchover there and back, under load) returns the lab
/// to pilot light and its report agrees with its journal; an isolated drill leaves the entry and replication alone
/// the whole time (asserted by polling throughout) and leaves nothing behind.
/// </summary>
[Collection(Failback.Collection)]
public sealed class DrillTests
{
    [Fact]
    public async Task IsolatedDrill_EntryAndReplicationUnaffectedThroughout_TheCloneServed_NothingLeftBehind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = Failback.NewLab();
        try
        {
            await lab.UpAsync(null, ct);
            var engine = lab.Engine();
            var departures = new ConcurrentQueue<string>();
            var rounds = 0;
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watching = Task.Run(async () =>
            {
                while (!stopWatching.IsCancellationRequested)
                {
                    var route = await engine.Providers.Traffic.GetStatusAsync(ct);
                    if (route.ActiveSite != "a" || route.Servers.Any(s => (s.Site == "a") != (s.AdminState == "ready")))
                    {
                        departures.Enqueue($"entry: {route.ActiveSite} {string.Join(",", route.Servers.Select(s => $"{s.Name}={s.AdminState}"))}");
                    }

                    var standby = await engine.Providers.Database!.GetStatusAsync("b", ct);
                    if (standby is not { Role: DatabaseRole.Standby, Streaming: true } || (standby.LagBytes > 0 && standby.LagTime > lab.Engine().Plan.Objectives.Rpo))
                    {
                        departures.Enqueue($"standby: {standby.Role} streaming={standby.Streaming} lag={standby.LagTime} {standby.Problem}");
                    }

                    Interlocked.Increment(ref rounds);
                    try
                    {
                        await Task.Delay(200, stopWatching.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }, ct);

            var result = await engine.DrillAsync(new DrillRequest(DrillMode.Isolated, TimeSpan.FromSeconds(2)), null, ct);
            await stopWatching.CancelAsync();
            await watching;

            result.Outcome.ShouldBe(ExecutionOutcome.Succeeded, Failback.Steps(result));
            rounds.ShouldBeGreaterThan(10);
            departures.ShouldBeEmpty();
            var evidence = EvidenceFile.Read(EvidenceFile.PathFor(Path.Combine(engine.Layout.ExecutionsDirectory, $"{result.Id}.jsonl"))).ShouldNotBeNull();
            var isolated = evidence.Isolated.ShouldNotBeNull();
            isolated.EntryUnchanged.ShouldBeTrue();
            isolated.StandbyStreamedThroughout.ShouldBeTrue();
            isolated.TimeToServingSeconds.ShouldNotBeNull().ShouldBeGreaterThan(0);
            isolated.Addresses.Length.ShouldBe(LabLayout.InstancesPerSite);
            isolated.TeardownProblem.ShouldBeNull();
            evidence.SmokeChecks.ShouldNotBeEmpty();
            evidence.SmokeChecks.ShouldAllBe(s => s.Passed);
            evidence.SmokeChecks.ShouldAllBe(s => isolated.Addresses.Any(a => s.Url.Contains(a, StringComparison.Ordinal)));

            // Nothing of the drill is left: no clone directory, no clone server, no isolated instance answering.
            Directory.GetDirectories(Path.GetDirectoryName(lab.Layout.DatabaseDataDirectory("b"))!, "*drill*").ShouldBeEmpty();
            foreach (var address in isolated.Addresses)
            {
                Ports.IsFree(int.Parse(address.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ShouldBeTrue(address);
            }

            lab.State.ActiveSite.ShouldBe("a");
            (await engine.ReadinessAsync(ct)).Ready.ShouldBeTrue();
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task LiveDrill_UnderLoad_GoesThereAndBack_PilotLightShapeAgain_ReportAgreesWithJournal()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = Failback.NewLab();
        try
        {
            await lab.UpAsync(null, ct);
            var shape = await Failback.ShapeAsync(lab, ct);
            var run = await CliProcess.RunAsync(["drill", "--state-dir", lab.Layout.StateDirectory, "--mode", "live", "--duration", "3s", "--with-load", "100", "--json"], ct);
            run.ExitCode.ShouldBe(0, run.Output + run.Error);
            var id = JsonDocument.Parse(run.Output).RootElement.GetProperty("id").GetString().ShouldNotBeNull();

            (await Failback.ShapeAsync(lab, ct)).ShouldBe(shape);
            var engine = lab.Engine();
            engine.ActiveSite.ShouldBe("a");
            var journal = engine.History().Single(h => h.Id == id);
            journal.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
            journal.Steps.ShouldContain(s => s.Step == "out.promote-target");
            journal.Steps.ShouldContain(s => s.Step == "back.promote-target");

            var evidence = EvidenceFile.Read(EvidenceFile.PathFor(Path.Combine(engine.Layout.ExecutionsDirectory, $"{id}.jsonl"))).ShouldNotBeNull();
            evidence.SmokeChecks.ShouldAllBe(s => s.Passed);
            evidence.ClientOutage.ShouldNotBeNull().Source.ShouldBe("ledger");
            var load = evidence.Load.ShouldNotBeNull();
            load.Acknowledged.ShouldBeGreaterThan(100);
            evidence.DataLoss.ShouldNotBeNull().AcknowledgedWrites.ShouldBe(load.Acknowledged);
            evidence.DataLoss.LostWrites.ShouldBe(0);

            // The report says what the journal says: the same steps, in the same order, with the same outcomes.
            var report = await CliProcess.RunAsync(["report", "--state-dir", lab.Layout.StateDirectory, "--execution", id, "--json"], ct);
            report.ExitCode.ShouldBe(0, report.Output + report.Error);
            var root = JsonDocument.Parse(report.Output).RootElement;
            var reported = root.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("step").GetString()} {s.GetProperty("outcome").GetString()}").ToList();
            var journaled = journal.Steps.Select(s => $"{s.Step} {ReportOutcome(s.Outcome)}").ToList();
            reported.ShouldBe(journaled);
            root.GetProperty("execution").GetProperty("outcome").GetString().ShouldBe("succeeded");
            root.GetProperty("rto").GetProperty("verdict").GetString().ShouldBe("pass");
            root.GetProperty("rto").GetProperty("source").GetString().ShouldBe("ledger");
            root.GetProperty("rpo").GetProperty("lost_writes").GetInt64().ShouldBe(0);
            root.GetProperty("rpo").GetProperty("verdict").GetString().ShouldBe("pass");
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    private static string ReportOutcome(StepOutcome outcome) => outcome switch
    {
        StepOutcome.AlreadyDone => "already-done",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
