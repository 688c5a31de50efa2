using System.CommandLine;
using System.Globalization;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Reports;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine.Drills;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// <c>pilotlight bench drill</c>: one lab, N live drills under a write load (each a switchover there and back, or a
/// real disaster with <c>--fault</c>), then M isolated drills; RTO and RPO per live drill as its report measured them
/// (client-seen outage from the ledger, acknowledged writes lost), and the isolated drills' time to serving.
/// </summary>
internal static class BenchDrillCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var runs = new Option<int>("--runs") { Description = "Live drills", DefaultValueFactory = _ => 10 };
        var isolated = new Option<int>("--isolated-runs") { Description = "Isolated drills after them", DefaultValueFactory = _ => 3 };
        var rate = new Option<int>("--rate") { Description = "Writes per second through the entry during each live drill", DefaultValueFactory = _ => 200 };
        var fault = new Option<string>("--fault") { Description = "How each live drill loses site a: switchover (planned), kill, stop", DefaultValueFactory = _ => "switchover" };
        fault.AcceptOnlyFromAmong("switchover", "kill", "stop");
        var sync = new Option<bool>("--sync") { Description = "A lab with synchronous replication" };
        var basePort = new Option<int>("--base-port") { Description = "First port of the bench's lab", DefaultValueFactory = _ => 17800 };
        var command = new Command("drill", "N live drills under load on one lab, then M isolated drills: RTO and RPO per run as the reports measured them, and the time to serving") { runs, isolated, rate, fault, sync, basePort };
        command.SetAction(async (parse, ct) =>
        {
            var asJson = parse.GetValue(json);
            var output = asJson ? TextWriter.Null : context.Out;
            var lab = new Lab.Lab(LabEnvironment.Options(Path.Combine(Path.GetTempPath(), $"pilotlight-bench-drill-{Environment.ProcessId}"), parse.GetValue(basePort), parse.GetValue(sync), context));
            var live = new List<ExecutionReport>();
            var clones = new List<ExecutionReport>();
            var drillFault = Enum.Parse<DrillFault>(parse.GetValue(fault)!, ignoreCase: true);
            try
            {
                await lab.UpAsync(null, ct);
                var engine = Engine.PlanEngine.Open(lab.Layout.PlanPath, PlanProviders.Registry, options: new Engine.EngineOptions { Faults = new Lab.LabFaults(lab) });
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"machine: {Environment.ProcessorCount} cores; {(parse.GetValue(sync) ? "synchronous" : "asynchronous")} lab; live drills: {drillFault.ToString().ToLowerInvariant()}, held 5s, {parse.GetValue(rate)} writes/s; objectives rto {engine.Plan.Objectives.Rto.TotalSeconds:0}s, rpo {engine.Plan.Objectives.Rpo.TotalSeconds:0}s"));
                for (var run = 1; run <= parse.GetValue(runs); run++)
                {
                    var result = await engine.DrillAsync(new DrillRequest(DrillMode.Live, TimeSpan.FromSeconds(5)) { Fault = drillFault, LoadRate = parse.GetValue(rate) }, null, ct);
                    live.Add(engine.Report(result.Id));
                    await output.WriteLineAsync($"live {run}: {Describe(live[^1])}");
                    if (result.Outcome != ExecutionOutcome.Succeeded)
                    {
                        break;
                    }
                }

                for (var run = 1; run <= parse.GetValue(isolated); run++)
                {
                    var result = await engine.DrillAsync(new DrillRequest(DrillMode.Isolated, TimeSpan.Zero), null, ct);
                    clones.Add(engine.Report(result.Id));
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"isolated {run}: {result.Outcome.ToString().ToLowerInvariant()}, time to serving {S(clones[^1].Isolated?.TimeToServingSeconds)}, entry unchanged {(clones[^1].Isolated?.EntryUnchanged == true ? "yes" : "NO")}, standby streamed {(clones[^1].Isolated?.StandbyStreamedThroughout == true ? "yes" : "NO")} (lag max {S(clones[^1].Isolated?.StandbyMaxLagSeconds)})"));
                }
            }
            finally
            {
                await lab.DownAsync(purge: true, CancellationToken.None);
            }

            await output.WriteLineAsync("  run  outcome    RTO (client, ledger)  verdict        RPO (loss window)  verdict        acked   lost  execution");
            for (var i = 0; i < live.Count; i++)
            {
                var r = live[i];
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {i + 1,3}  {r.Outcome.ToString().ToLowerInvariant(),-9}  {S(r.Rto.MeasuredSeconds),20}  {Verdict(r.Rto.Verdict),-13}  {S(r.Rpo.MeasuredSeconds),17}  {Verdict(r.Rpo.Verdict),-13}  {r.Rpo.AcknowledgedWrites,5}  {r.Rpo.LostWrites,5}  {S(r.ExecutionSeconds)}"));
            }

            if (live.Count > 1)
            {
                var rto = live.Select(r => r.Rto.MeasuredSeconds).OfType<double>().Order().ToList();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  RTO p50 {S(Percentile(rto, 0.5))}, max {S(rto.Count > 0 ? rto[^1] : null)}; lost writes in all: {live.Sum(r => r.Rpo.LostWrites ?? 0)} of {live.Sum(r => r.Rpo.AcknowledgedWrites ?? 0)}"));
            }

            var serving = clones.Select(c => c.Isolated?.TimeToServingSeconds).OfType<double>().Order().ToList();
            if (serving.Count > 0)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  isolated drills: time to serving p50 {S(Percentile(serving, 0.5))}, max {S(serving[^1])} ({serving.Count} runs)"));
            }

            if (asJson)
            {
                Json.Write(context.Out, new
                {
                    live = live.Select(r => new { execution = r.Id, outcome = r.Outcome.ToString().ToLowerInvariant(), rto_seconds = r.Rto.MeasuredSeconds, rto_verdict = Verdict(r.Rto.Verdict), rpo_seconds = r.Rpo.MeasuredSeconds, rpo_verdict = Verdict(r.Rpo.Verdict), acknowledged = r.Rpo.AcknowledgedWrites, lost = r.Rpo.LostWrites }),
                    isolated = clones.Select(c => new { execution = c.Id, outcome = c.Outcome.ToString().ToLowerInvariant(), time_to_serving_seconds = c.Isolated?.TimeToServingSeconds, entry_unchanged = c.Isolated?.EntryUnchanged, standby_streamed_throughout = c.Isolated?.StandbyStreamedThroughout }),
                });
            }

            return live.Count == parse.GetValue(runs) && live.All(r => r.Outcome == ExecutionOutcome.Succeeded) && clones.All(c => c.Outcome == ExecutionOutcome.Succeeded) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static string Describe(ExecutionReport report) => string.Create(CultureInfo.InvariantCulture,
        $"{report.Outcome.ToString().ToLowerInvariant()}, RTO {S(report.Rto.MeasuredSeconds)} {Verdict(report.Rto.Verdict)}, RPO {S(report.Rpo.MeasuredSeconds)} {Verdict(report.Rpo.Verdict)}, lost {report.Rpo.LostWrites?.ToString(CultureInfo.InvariantCulture) ?? "?"} of {report.Rpo.AcknowledgedWrites?.ToString(CultureInfo.InvariantCulture) ?? "?"} ({report.Id})");

    private static string Verdict(ReportVerdict verdict) => verdict switch
    {
        ReportVerdict.Pass => "PASS",
        ReportVerdict.Fail => "FAIL",
        _ => "NOT MEASURED",
    };

    private static double? Percentile(List<double> sorted, double p) => sorted.Count == 0 ? null : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];

    private static string S(double? seconds) => seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:0.000}s") : "-";
}
