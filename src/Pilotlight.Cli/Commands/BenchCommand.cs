using System.CommandLine;
using System.Globalization;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Plans;
using Pilotlight.Processes;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// <c>pilotlight bench failover [--runs N] [--sync] [--fault kill|stop|partition] [--interval D] [--seed N] [--base-port N]</c>:
/// measured failovers on fresh labs, each loss at a random phase of the probe interval, as a table.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var runs = new Option<int>("--runs") { Description = "How many failovers", DefaultValueFactory = _ => 10 };
        var sync = new Option<bool>("--sync") { Description = "Synchronous replication" };
        var fault = new Option<string>("--fault") { Description = "How site a is lost: kill (SIGKILL), stop (SIGSTOP, frozen), partition (its link cut; root, a --netns lab)", DefaultValueFactory = _ => "kill" };
        fault.AcceptOnlyFromAmong("kill", "stop", "partition");
        var interval = new Option<string?>("--interval") { Description = "The health interval of the lab's plan, e.g. 200ms (timeout and max_latency then follow from it); default the lab's 500ms" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the random fault phases (run N uses seed+N); default a random one, printed" };
        var basePort = new Option<int>("--base-port") { Description = "First port of the bench's labs", DefaultValueFactory = _ => 17600 };
        var failover = new Command("failover", "Fail one lab over N times under write load, site a lost at a random phase of the probe interval, each followed by a failback; print what each phase took and the failback's write-unavailable window") { runs, sync, fault, interval, seed, basePort };
        failover.SetAction(async (parse, ct) =>
        {
            var asJson = parse.GetValue(json);
            var output = asJson ? TextWriter.Null : context.Out;
            var mode = Enum.Parse<DisasterMode>(parse.GetValue(fault)!, ignoreCase: true);
            TimeSpan? healthInterval = null;
            if (parse.GetValue(interval) is { } text)
            {
                if (!DurationText.TryParse(text, out var parsed, out var error) || parsed <= TimeSpan.Zero)
                {
                    await context.Error.WriteLineAsync($"pilotlight bench failover: --interval: {error ?? "must be positive"}; expected {DurationText.Expected}");
                    return ExitCodes.Usage;
                }

                healthInterval = parsed;
            }

            if (mode == DisasterMode.Partition && !ProcessLauncher.IsRoot)
            {
                await context.Error.WriteLineAsync("pilotlight bench failover: --fault partition cuts site a's network link, which needs a lab whose sites have network namespaces of their own (lab up --netns): run it as root");
                return ExitCodes.Failed;
            }

            var synchronous = parse.GetValue(sync);
            var baseSeed = parse.GetValue(seed) ?? Random.Shared.Next(1, 1_000_000);
            var bench = new BenchSettings(mode, synchronous, healthInterval, parse.GetValue(basePort));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.0} GiB; seed {baseSeed}"));
            var results = new List<FailoverMeasurement>();
            var failbacks = new List<FailbackMeasurement>();
            HealthSettings? health = null;

            // One lab for every run: each failover is followed by a failback that returns it to its pilot-light shape.
            var lab = NewLab(context, bench, "bench");
            try
            {
                await lab.UpAsync(null, ct);
                health = healthInterval is { } i ? await lab.SetHealthIntervalAsync(i, ct) : lab.ReadHealthSettings();
                await output.WriteLineAsync(Header(bench, health));
                for (var run = 1; run <= parse.GetValue(runs); run++)
                {
                    // Uniform within one probe interval, after the warm-up: the loss falls anywhere between two rounds.
                    var runSeed = baseSeed + run;
                    var phase = health.Interval * new Random(runSeed).NextDouble();
                    results.Add(await lab.MeasureFailoverAsync(mode, phase, LabController.Watch(lab), null, ct));
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"run {run} (seed {runSeed}, phase {phase.TotalSeconds:0.000}s): failover {(results[^1].Succeeded ? "ok" : "FAILED")}"));
                    if (!results[^1].Succeeded)
                    {
                        break;
                    }

                    failbacks.Add(await lab.MeasureFailbackAsync((observer, token) => LabController.Engine(lab).FailbackAsync(observer, token), null, ct));
                    var back = failbacks[^1];
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"run {run}: failback {(back.Succeeded ? "ok" : "FAILED: " + FailedStep(back))} in {S(back.Duration)}, rebuild {back.Step("rebuild-standby").Detail?.Split(':')[0] ?? "-"}, write window {S(back.WriteWindow)}, lost {back.LostAcknowledged} of {back.Acknowledged}"));
                    if (!back.Succeeded)
                    {
                        break;
                    }
                }
            }
            finally
            {
                await lab.DownAsync(purge: true, CancellationToken.None);
            }

            WriteTable(output, results);
            WriteFailbackTable(output, failbacks);
            var frozen = await FreezeCheckAsync(context, bench, ct);
            await output.WriteLineAsync($"a 1 s SIGSTOP of site a at the plan's defaults: {(frozen ? "no failover (as it should)" : "FAILOVER TRIGGERED")}");
            if (asJson)
            {
                Json.Write(context.Out, new
                {
                    cores = Environment.ProcessorCount,
                    fault = mode,
                    synchronous,
                    health_interval_seconds = health?.Interval.TotalSeconds,
                    health_timeout_seconds = health?.Timeout.TotalSeconds,
                    failure_threshold = health?.FailureThreshold,
                    seed = baseSeed,
                    runs = results.Select((r, i) => new { run = i + 1, seed = baseSeed + i + 1, phase_seconds = r.Phase.TotalSeconds, measurement = MeasurementJson.From(r), failback = i < failbacks.Count ? FailbackJson(failbacks[i]) : null }),
                    summary = Summary(results),
                    freeze_triggered_failover = !frozen,
                });
            }

            return results.All(r => r.Succeeded) && failbacks.Count == results.Count && failbacks.All(f => f.Succeeded) && frozen ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return new Command("bench", "Benchmarks that print tables") { failover, BenchLoadCommand.Create(json, context), BenchDrillCommand.Create(json, context) };
    }

    private static string Header(BenchSettings bench, HealthSettings health) => string.Create(CultureInfo.InvariantCulture,
        $"fault {bench.Fault.ToString().ToLowerInvariant()} of site a at a random phase of the probe interval; health interval {health.Interval.TotalMilliseconds:0} ms, timeout {health.Timeout.TotalMilliseconds:0} ms, threshold {health.FailureThreshold}{(bench.Interval is null ? " (the lab's plan)" : " (--interval; timeout by default)")}; {(bench.Synchronous ? "synchronous" : "asynchronous")} replication");

    public static void WriteTable(TextWriter output, IReadOnlyList<FailoverMeasurement> results)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        output.WriteLine("  run   phase  detection  decision  promoted  compute  switched  client outage  acked  lost");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            output.WriteLine(Row((i + 1).ToString(CultureInfo.InvariantCulture), r.Phase, Columns.Select(c => c(r)), r.Acknowledged.ToString(CultureInfo.InvariantCulture), r.LostAcknowledged));
        }

        if (results.Count > 1)
        {
            foreach (var (name, pick, lost) in Statistics(results))
            {
                output.WriteLine(Row(name, pick(results.Select(r => (TimeSpan?)r.Phase)), Columns.Select(c => pick(results.Select(c))), "", lost));
            }
        }
    }

    /// <summary>Each failback: how long it took, how the old primary was rebuilt, the switchover's write-unavailable window, lost writes; then p50 and max.</summary>
    public static void WriteFailbackTable(TextWriter output, IReadOnlyList<FailbackMeasurement> failbacks)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(failbacks);
        if (failbacks.Count == 0)
        {
            return;
        }

        output.WriteLine("failback (lossless switchover back to site a, under the same load):");
        output.WriteLine("  run  failback  rebuild      demote+replay  promote  write window  acked  lost");
        for (var i = 0; i < failbacks.Count; i++)
        {
            var f = failbacks[i];
            var demote = f.Step("demote-primary").Took + f.Step("wait-replay").Took;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {i + 1,3}  {S(f.Duration),8}  {f.Step("rebuild-standby").Detail?.Split(':')[0] ?? "-",-11}  {S(demote),13}  {S(f.Step("promote-target").Took),7}  {S(f.WriteWindow),12}  {f.Acknowledged,5}  {f.LostAcknowledged,4}"));
        }

        if (failbacks.Count > 1)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  p50  {S(Median(failbacks.Select(f => f.Duration))),8}  {"",-11}  {"",13}  {"",7}  {S(Median(failbacks.Select(f => f.WriteWindow))),12}  {"",5}  {MedianOf(failbacks.Select(f => f.LostAcknowledged)),4}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  max  {S(failbacks.Max(f => f.Duration)),8}  {"",-11}  {"",13}  {"",7}  {S(failbacks.Max(f => f.WriteWindow)),12}  {"",5}  {failbacks.Max(f => f.LostAcknowledged),4}"));
        }
    }

    private static string FailedStep(FailbackMeasurement failback) =>
        failback.Execution.Steps.LastOrDefault(s => s.Outcome == Core.Runbooks.StepOutcome.Failed) is { } step ? $"{step.Step}: {step.Detail}" : "?";

    private static object FailbackJson(FailbackMeasurement f) => new
    {
        succeeded = f.Succeeded,
        duration_seconds = f.Duration?.TotalSeconds,
        rebuild = f.Step("rebuild-standby").Detail,
        write_window_seconds = f.WriteWindow?.TotalSeconds,
        acknowledged = f.Acknowledged,
        lost_acknowledged = f.LostAcknowledged,
        steps = f.Execution.Steps.Select(s => new { step = s.Step, duration_seconds = s.Duration?.TotalSeconds, detail = s.Detail }),
    };

    // The table's phase columns, in order: detection, decision, promoted, compute, switched, client outage.
    private static readonly Func<FailoverMeasurement, TimeSpan?>[] Columns =
    [
        r => r.Detection,
        r => r.Decision,
        r => r.Promotion,
        r => r.ComputeReady,
        r => r.TrafficSwitched,
        r => r.ClientOutage,
    ];

    private static IEnumerable<(string Name, Func<IEnumerable<TimeSpan?>, TimeSpan?> Pick, int Lost)> Statistics(IReadOnlyList<FailoverMeasurement> results) =>
    [
        ("p50", Median, MedianOf(results.Select(r => r.LostAcknowledged))),
        ("min", v => v.Min(), results.Min(r => r.LostAcknowledged)),
        ("max", v => v.Max(), results.Max(r => r.LostAcknowledged)),
    ];

    /// <summary>p50, min and max of every phase, in seconds, for --json.</summary>
    private static Dictionary<string, object> Summary(List<FailoverMeasurement> results) =>
        results.Count == 0 ? [] : Statistics(results).ToDictionary(s => s.Name, s => (object)new
        {
            phase_seconds = s.Pick(results.Select(r => (TimeSpan?)r.Phase))?.TotalSeconds,
            detection_seconds = s.Pick(results.Select(r => r.Detection))?.TotalSeconds,
            decision_seconds = s.Pick(results.Select(r => r.Decision))?.TotalSeconds,
            promotion_seconds = s.Pick(results.Select(r => r.Promotion))?.TotalSeconds,
            compute_ready_seconds = s.Pick(results.Select(r => r.ComputeReady))?.TotalSeconds,
            traffic_switched_seconds = s.Pick(results.Select(r => r.TrafficSwitched))?.TotalSeconds,
            client_outage_seconds = s.Pick(results.Select(r => r.ClientOutage))?.TotalSeconds,
            lost_acknowledged = s.Lost,
        });

    private static string Row(string name, TimeSpan? phase, IEnumerable<TimeSpan?> times, string acked, int lost)
    {
        var t = times.Select(S).ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"  {name,3}  {S(phase),6}  {t[0],9}  {t[1],8}  {t[2],8}  {t[3],7}  {t[4],8}  {t[5],13}  {acked,5}  {lost,4}");
    }

    /// <summary>A 1 s freeze of site a at the lab plan's defaults must not fail over: it is shorter than three probe rounds.</summary>
    private static async Task<bool> FreezeCheckAsync(CliContext context, BenchSettings bench, CancellationToken cancellationToken)
    {
        var lab = NewLab(context, bench with { Fault = DisasterMode.Stop, Synchronous = false }, "bench-freeze");
        try
        {
            await lab.UpAsync(null, cancellationToken);
            var failedOver = false;
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watch = LabController.Engine(lab).WatchAsync(e => failedOver |= e.Kind == "failover", force: false, watching.Token);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            await lab.DisasterAsync("a", DisasterMode.Stop, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            await lab.RecoverAsync("a", cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
            await watching.CancelAsync();
            try
            {
                await watch;
            }
            catch (OperationCanceledException)
            {
            }

            return !failedOver;
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    // A partition needs sites with network namespaces of their own; the freeze check never does.
    private static Lab.Lab NewLab(CliContext context, BenchSettings bench, string name) =>
        new(LabEnvironment.Options(Path.Combine(Path.GetTempPath(), $"pilotlight-{name}-{Environment.ProcessId}"), bench.BasePort, bench.Synchronous, context) with
        {
            Netns = bench.Fault == DisasterMode.Partition,
        });

    private static TimeSpan? Median(IEnumerable<TimeSpan?> values)
    {
        var sorted = values.OfType<TimeSpan>().Order().ToList();
        return sorted.Count == 0 ? null : sorted[sorted.Count / 2];
    }

    private static int MedianOf(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string S(TimeSpan? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.TotalSeconds:0.000}s") : "-";

    private sealed record BenchSettings(DisasterMode Fault, bool Synchronous, TimeSpan? Interval, int BasePort);
}
