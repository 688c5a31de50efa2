using System.CommandLine;
using System.Globalization;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight bench failover --runs N [--sync]</c>: measured failovers on fresh labs, as a table.</summary>
internal static class BenchCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var runs = new Option<int>("--runs") { Description = "How many failovers", DefaultValueFactory = _ => 10 };
        var sync = new Option<bool>("--sync") { Description = "Synchronous replication" };
        var failover = new Command("failover", "Fail a fresh lab over N times under write load (SIGKILL of site a) and print what each phase took") { runs, sync };
        failover.SetAction(async (parse, ct) =>
        {
            var output = parse.GetValue(json) ? TextWriter.Null : context.Out;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.0} GiB; {(parse.GetValue(sync) ? "synchronous" : "asynchronous")} replication; health interval 500 ms, threshold 3"));
            var results = new List<FailoverMeasurement>();
            for (var run = 1; run <= parse.GetValue(runs); run++)
            {
                var lab = NewLab(context, parse.GetValue(sync), $"bench-{run}");
                try
                {
                    await lab.UpAsync(null, ct);
                    results.Add(await lab.MeasureFailoverAsync(DisasterMode.Kill, null, ct));
                    await output.WriteLineAsync($"run {run}: {(results[^1].Succeeded ? "ok" : "FAILED")}");
                }
                finally
                {
                    await lab.DownAsync(purge: true, CancellationToken.None);
                }
            }

            WriteTable(output, results);
            var frozen = await FreezeCheckAsync(context, ct);
            await output.WriteLineAsync($"a 1 s SIGSTOP of site a: {(frozen ? "no failover (as it should)" : "FAILOVER TRIGGERED")}");
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new { cores = Environment.ProcessorCount, synchronous = parse.GetValue(sync), runs = results, freeze_triggered_failover = !frozen });
            }
            return results.All(r => r.Succeeded) && frozen ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return new Command("bench", "Benchmarks that print tables") { failover };
    }

    public static void WriteTable(TextWriter output, IReadOnlyList<FailoverMeasurement> results)
    {
        output.WriteLine("  run  detection  decision  promoted  compute  switched  client outage  acked  lost");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {i + 1,3}  {S(r.Detection),9}  {S(r.Decision),8}  {S(r.Promotion),8}  {S(r.ComputeReady),7}  {S(r.TrafficSwitched),8}  {S(r.ClientOutage),13}  {r.Acknowledged,5}  {r.LostAcknowledged,4}"));
        }

        if (results.Count > 1)
        {
            foreach (var (name, pick) in new (string, Func<IEnumerable<TimeSpan?>, TimeSpan?>)[] { ("p50", Median), ("max", v => v.Max()) })
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,3}  {S(pick(results.Select(r => r.Detection))),9}  {S(pick(results.Select(r => r.Decision))),8}  {S(pick(results.Select(r => r.Promotion))),8}  {S(pick(results.Select(r => r.ComputeReady))),7}  {S(pick(results.Select(r => r.TrafficSwitched))),8}  {S(pick(results.Select(r => r.ClientOutage))),13}  {"",5}  {results.Max(r => r.LostAcknowledged),4}"));
            }
        }
    }

    private static async Task<bool> FreezeCheckAsync(CliContext context, CancellationToken cancellationToken)
    {
        var lab = NewLab(context, synchronous: false, "bench-freeze");
        try
        {
            await lab.UpAsync(null, cancellationToken);
            var failedOver = false;
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watch = lab.WatchAsync(e => failedOver |= e.Kind == "failover", force: false, watching.Token);
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

    private static Lab.Lab NewLab(CliContext context, bool synchronous, string name) =>
        new(LabEnvironment.Options(Path.Combine(Path.GetTempPath(), $"pilotlight-{name}-{Environment.ProcessId}"), 17600, synchronous, context));

    private static TimeSpan? Median(IEnumerable<TimeSpan?> values)
    {
        var sorted = values.OfType<TimeSpan>().Order().ToList();
        return sorted.Count == 0 ? null : sorted[sorted.Count / 2];
    }

    private static string S(TimeSpan? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.TotalSeconds:0.000}s") : "-";
}
