using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight demo</c>: the lab up, a burst of orders through the entry, the status, a failover and a failback, an isolated drill, the lab down — each phase timed, ending with the drill's report.</summary>
internal static class DemoCommand
{
    public const int DemoBasePort = 17500;

    public static Command Create(Option<bool> json, CliContext context)
    {
        var orders = new Option<int>("--orders") { Description = "How many orders the burst places", DefaultValueFactory = _ => 200 };
        var basePort = BasePortOption.Create(DemoBasePort, $"First of the demo lab's ports (default {DemoBasePort})");
        var command = new Command("demo", "Show the lab end to end on this machine: up, orders, a disaster and the automatic failover, down") { orders, basePort };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(orders), parse.GetValue(basePort), parse.GetValue(json), context, ct));
        return command;
    }

    private static async Task<int> RunAsync(int orders, int basePort, bool json, CliContext context, CancellationToken cancellationToken)
    {
        var phases = new List<object>();
        FailoverMeasurement? measured = null;
        FailbackMeasurement? failback = null;
        Core.Reports.ExecutionReport? drill = null;
        string? drillHtml = null;
        var stateDirectory = Path.Combine(Path.GetTempPath(), $"pilotlight-demo-{Environment.ProcessId}");
        var lab = new Lab.Lab(LabEnvironment.Options(stateDirectory, basePort, synchronous: false, context) with { StateDirectory = stateDirectory });
        // With --json the story is told as one JSON document at the end instead of as text along the way.
        var output = json ? TextWriter.Null : context.Out;
        try
        {
            await Phase(output, phases, "lab up", async () =>
            {
                var result = await lab.UpAsync(new LineProgress(output, "    "), cancellationToken);
                return $"entry {result.EntryUrl}";
            });
            await Phase(output, phases, $"{orders} orders through the entry", () => BurstAsync(lab.Layout.EntryUrl, orders, cancellationToken));
            await Phase(output, phases, "lab status", async () =>
            {
                var status = await lab.StatusAsync(context.Clock, cancellationToken);
                LabStatusView.Write(status, output);
                return $"entry routes to site {status.ActiveSite}";
            });

            await Phase(output, phases, "disaster: site a killed under load; the controller detects it and fails over", async () =>
            {
                measured = await lab.MeasureFailoverAsync(DisasterMode.Kill, LabController.Watch(lab), e => WatchCommand.Write(output, json: false, e), cancellationToken);
                return measured.Succeeded ? "failover succeeded" : "failover did NOT succeed";
            });
            await Phase(output, phases, "what it cost", () =>
            {
                BenchCommand.WriteTable(output, [measured!]);
                return Task.FromResult($"entry now routes to site {lab.State.ActiveSite}");
            });
            await Phase(output, phases, "lab status after the failover", async () =>
            {
                LabStatusView.Write(await lab.StatusAsync(context.Clock, cancellationToken), output);
                return "site b serves; site a waits for a rebuild (failback)";
            });
            if (!measured!.Succeeded)
            {
                return ExitCodes.Failed;
            }

            await Phase(output, phases, "failback: site a recovered, rebuilt as b's standby, checked, then a lossless switchover back under load", async () =>
            {
                var started = DateTimeOffset.UtcNow;
                failback = await lab.MeasureFailbackAsync((observer, token) => LabController.Engine(lab).FailbackAsync(observer, token), entry => FailoverCommand.Progress(output, started, entry), cancellationToken);
                BenchCommand.WriteFailbackTable(output, [failback]);
                return failback.Succeeded
                    ? string.Create(CultureInfo.InvariantCulture, $"failback succeeded; writes waited {failback.WriteWindow?.TotalSeconds ?? 0:0.000}s, {failback.LostAcknowledged} of {failback.Acknowledged} acknowledged writes lost")
                    : "failback did NOT succeed";
            });
            await Phase(output, phases, "lab status after the failback", async () =>
            {
                LabStatusView.Write(await lab.StatusAsync(context.Clock, cancellationToken), output);
                return "back in its pilot-light shape: site a serves, site b streams, b's compute at pilot capacity";
            });
            if (!failback!.Succeeded)
            {
                return ExitCodes.Failed;
            }

            await Phase(output, phases, "isolated drill: a clone of site b's database serves b's compute on side ports; production, the entry and replication untouched", async () =>
            {
                var engine = LabController.Engine(lab);
                var started = DateTimeOffset.UtcNow;
                var result = await engine.DrillAsync(new Engine.Drills.DrillRequest(Core.Plans.DrillMode.Isolated, TimeSpan.FromSeconds(5)), entry => FailoverCommand.Progress(output, started, entry), cancellationToken);
                drill = engine.Report(result.Id);
                // Beside the state directory, which lab down deletes: the report outlives the demo.
                drillHtml = Path.Combine(Path.GetTempPath(), $"pilotlight-demo-{Environment.ProcessId}-{result.Id}.html");
                Core.Reports.ReportWriter.WriteHtml(drill, drillHtml);
                return result.Outcome == Core.Runbooks.ExecutionOutcome.Succeeded
                    ? string.Create(CultureInfo.InvariantCulture, $"isolated drill succeeded: the clone served in {drill.Isolated?.TimeToServingSeconds ?? 0:0.00}s; entry unchanged: {(drill.Isolated?.EntryUnchanged == true ? "yes" : "NO")}, standby streamed throughout: {(drill.Isolated?.StandbyStreamedThroughout == true ? "yes" : "NO")}")
                    : "isolated drill did NOT succeed";
            });
            return drill?.Outcome == Core.Runbooks.ExecutionOutcome.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (Exception e) when (e is LabException or TimeoutException or HttpRequestException or InvalidOperationException or IOException)
        {
            await context.Error.WriteLineAsync($"pilotlight demo: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Failed;
        }
        finally
        {
            await Phase(output, phases, "lab down", async () =>
            {
                var result = await lab.DownAsync(purge: true, CancellationToken.None);
                return $"stopped {result.Stopped.Length} processes, ports free, state deleted";
            });
            if (drill is not null)
            {
                await output.WriteLineAsync("== the isolated drill's report");
                await output.WriteAsync(drill.Render(Core.Reports.ReportFormat.Text));
                await output.WriteLineAsync($"report (HTML): {drillHtml}");
            }

            if (json)
            {
                Json.Write(context.Out, new
                {
                    ok = measured?.Succeeded == true && failback?.Succeeded == true && drill?.Outcome == Core.Runbooks.ExecutionOutcome.Succeeded,
                    drill = drill is null ? null : new { execution = drill.Id, outcome = drill.Outcome.ToString().ToLowerInvariant(), html = drillHtml, time_to_serving_seconds = drill.Isolated?.TimeToServingSeconds },
                    phases,
                    failover = measured is null ? null : MeasurementJson.From(measured),
                    failback = failback is null ? null : new { succeeded = failback.Succeeded, duration_seconds = failback.Duration?.TotalSeconds, write_window_seconds = failback.WriteWindow?.TotalSeconds, acknowledged = failback.Acknowledged, lost_acknowledged = failback.LostAcknowledged },
                });
            }
        }
    }

    private static async Task Phase(TextWriter output, List<object> phases, string name, Func<Task<string>> action)
    {
        await output.WriteLineAsync($"== {name}");
        var clock = Stopwatch.StartNew();
        var summary = await action();
        phases.Add(new { name, summary, duration_seconds = Math.Round(clock.Elapsed.TotalSeconds, 3) });
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"   {summary} ({clock.Elapsed.TotalSeconds:0.00}s)"));
    }

    private static async Task<string> BurstAsync(Uri entry, int count, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = entry, Timeout = TimeSpan.FromSeconds(10) };
        var latencies = new List<double>();
        var sites = new Dictionary<string, int>(StringComparer.Ordinal);
        var failed = 0;
        var next = 0;
        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsJsonAsync("/orders", new { sku = $"SKU-{(next % 10) + 1}", qty = 1, client_ref = "demo" }, cancellationToken);
                var answer = response.StatusCode == HttpStatusCode.Created ? await response.Content.ReadFromJsonAsync<OrderAnswer>(cancellationToken) : null;
                lock (latencies)
                {
                    if (answer is null)
                    {
                        failed++;
                        continue;
                    }

                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                    sites[answer.Site] = sites.GetValueOrDefault(answer.Site) + 1;
                }
            }
        });
        await Task.WhenAll(workers);
        latencies.Sort();
        var p50 = latencies.Count > 0 ? latencies[latencies.Count / 2] : 0;
        var p99 = latencies.Count > 0 ? latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))] : 0;
        var served = string.Join(", ", sites.Select(s => $"site {s.Key}: {s.Value}"));
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {count} orders failed");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{latencies.Count} acknowledged ({served}), latency p50 {p50:0.0} ms, p99 {p99:0.0} ms");
    }

    private sealed record OrderAnswer(long Id, string Site);
}
