using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pilotlight.Processes;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// <c>pilotlight bench load</c>: brings a lab up and drives its entry's <c>POST /orders</c> to saturation with
/// <c>ab -c 64</c> (new connections, and <c>-k</c> keep-alive) and with <c>pilotlight load</c> (64 in flight, a
/// rate above saturation, with and without the ledger), printing each one's acknowledged writes/s, latency and
/// the client's CPU share of one core: what the tool measured itself, and the whole process (user+sys from the
/// shell's <c>times</c>).
/// </summary>
internal static partial class BenchLoadCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var basePort = new Option<int>("--base-port") { Description = "First port of the bench's lab", DefaultValueFactory = _ => 17700 };
        var seconds = new Option<int>("--seconds") { Description = "How long each tool runs", DefaultValueFactory = _ => 20 };
        var sync = new Option<bool>("--sync") { Description = "A lab with synchronous replication" };
        var rate = new Option<double>("--rate") { Description = "pilotlight load's rate: above the Shop's saturation", DefaultValueFactory = _ => 3000 };
        var command = new Command("load", "Drive a lab's entry to saturation with ab -c 64 and with pilotlight load (with and without the ledger); print writes/s, latency and the client's CPU") { basePort, seconds, sync, rate };
        command.SetAction(async (parse, ct) =>
        {
            if (!File.Exists("/usr/bin/ab"))
            {
                await context.Error.WriteLineAsync("pilotlight bench load: ab (apache2-utils) is not installed: apt-get install apache2-utils (./build.sh installs it as root)");
                return ExitCodes.Failed;
            }

            var asJson = parse.GetValue(json);
            var output = asJson ? TextWriter.Null : context.Out;
            var duration = Math.Clamp(parse.GetValue(seconds), 1, 600);
            var synchronous = parse.GetValue(sync);
            var lab = new Lab.Lab(LabEnvironment.Options(Path.Combine(Path.GetTempPath(), $"pilotlight-bench-load-{Environment.ProcessId}"), parse.GetValue(basePort), synchronous, context));
            var rows = new List<Row>();
            try
            {
                await lab.UpAsync(null, ct);
                var entry = new Uri(lab.Layout.EntryUrl, "/orders");
                var body = Path.Combine(lab.Layout.StateDirectory, "ab-body.json");
                await File.WriteAllTextAsync(body, """{"sku":"SKU-1","qty":1,"client_ref":"ab"}""", ct);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"machine: {Environment.ProcessorCount} cores; {(synchronous ? "synchronous" : "asynchronous")} lab; POST {entry}, 64 concurrent, {duration}s each (after a 3 s warm-up)"));
                await RunAbAsync(entry, body, 3, keepAlive: false, ct);
                rows.Add(await RunAbAsync(entry, body, duration, keepAlive: false, ct));
                // Without the ledger first: the first run after a build pays for a cold page cache, which would be billed to the ledger.
                rows.Add(await RunLoadAsync(lab.Layout.PlanPath, parse.GetValue(rate), duration, ledger: false, ct));
                rows.Add(await RunLoadAsync(lab.Layout.PlanPath, parse.GetValue(rate), duration, ledger: true, ct));
                rows.Add(await RunAbAsync(entry, body, duration, keepAlive: true, ct));

                // The ledger's cost at equal throughput: a rate well below saturation, which both runs keep (nothing
                // shed), so the CPU per write compares the same work with and without the ledger.
                // Runs of one configuration differ by up to ~10 % per write with the Shop's latency (how many answers
                // each wake-up of the socket thread finds): pairs, each in the other order than the last, and medians.
                var equal = Math.Max(100, Math.Floor(rows[1].WritesPerSecond * 0.6 / 50) * 50);
                for (var pair = 0; pair < EqualRatePairs; pair++)
                {
                    rows.Add(await RunLoadAsync(lab.Layout.PlanPath, equal, duration, ledger: pair % 2 == 1, ct));
                    rows.Add(await RunLoadAsync(lab.Layout.PlanPath, equal, duration, ledger: pair % 2 == 0, ct));
                }
            }
            finally
            {
                await lab.DownAsync(purge: true, CancellationToken.None);
            }

            await output.WriteLineAsync("  tool                             writes/s   p50 ms   p99 ms   cpu µs/write   cpu % of a core (own / process)");
            foreach (var row in rows)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {row.Tool,-32} {row.WritesPerSecond,8:0}   {row.P50Ms,6:0.0}   {row.P99Ms,6:0.0}   {row.CpuMicrosPerWrite,12:0.0}   {(row.OwnCpuShare is { } own ? $"{own * 100:0.0}" : "-"),5} / {row.ProcessCpuShare * 100:0.0}"));
            }

            if (rows.Count == ExpectedRows)
            {
                // At saturation the runs reach different throughputs (and shed different amounts): compared at an equal rate.
                var equalRows = rows.Skip(4).ToList();
                var without = Median(equalRows.Where(r => r.LedgerShare is null).Select(r => r.CpuMicrosPerWrite));
                var with = Median(equalRows.Where(r => r.LedgerShare is not null).Select(r => r.CpuMicrosPerWrite));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"the ledger's cost at an equal {equalRows[0].Tool.Split(' ')[2]}, medians of {EqualRatePairs} alternating pairs: {(with / without - 1) * 100:+0.0;-0.0}% CPU per acknowledged write ({with:0.0} vs {without:0.0} µs); at saturation {rows[2].CpuMicrosPerWrite:0.0} vs {rows[1].CpuMicrosPerWrite:0.0} µs; pilotlight load's µs/write count from 3 s into each run (the steady state, the JIT's warm-up left out; ab's from its start), its CPU share from its start, the process's from exec"));
            }

            if (rows.Where(r => r.LedgerShare is not null).ToList() is { Count: > 0 } withLedger)
            {
                // In-process and direct: the A/B difference above moves by several µs per write from run to run with
                // the Shop's latency (how many answers each wake-up of the socket thread finds), more than the ledger costs.
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"the ledger's own CPU (its formatting, write(2) and fsync, in thread CPU time) in the load's steady state: {string.Join("; ", withLedger.Select(r => $"{r.LedgerShare * 100:0.0}% at {r.Tool.Split(' ')[2]}"))} of the load's"));
            }

            if (asJson)
            {
                Json.Write(context.Out, new { cores = Environment.ProcessorCount, synchronous, seconds = duration, rows });
            }

            return rows.Count == ExpectedRows ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private const int EqualRatePairs = 3;

    // ab twice, pilotlight load twice at saturation, then the equal-rate pairs.
    private const int ExpectedRows = 4 + (2 * EqualRatePairs);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>One tool's run: acknowledged writes per second, latency, and CPU (the tool's own figure and the whole process's).</summary>
    internal sealed record Row(string Tool, double WritesPerSecond, double P50Ms, double P99Ms, double? OwnCpuShare, double ProcessCpuShare, long Errors, double CpuMicrosPerWrite)
    {
        /// <summary>With a ledger: the part of the load's steady-state CPU its ledger's own work used (thread CPU time of formatting, write(2), fsync).</summary>
        public double? LedgerShare { get; init; }
    }

    private static async Task<Row> RunAbAsync(Uri entry, string body, int seconds, bool keepAlive, CancellationToken cancellationToken)
    {
        string[] arguments = ["/usr/bin/ab", .. keepAlive ? new[] { "-k" } : [], "-q", "-t", seconds.ToString(CultureInfo.InvariantCulture), "-n", "10000000", "-c", "64", "-p", body, "-T", "application/json", entry.ToString()];
        var (text, cpu, wall) = await TimedAsync(arguments, seconds, cancellationToken);
        double Number(Regex pattern) => pattern.Match(text) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var complete = Number(CompletePattern());
        var non2xx = Number(Non2xxPattern());
        var taken = Math.Max(Number(TakenPattern()), 0.001);
        return new Row(keepAlive ? "ab -k -c 64 (keep-alive)" : "ab -c 64 (a connection each)", (complete - non2xx) / taken, Number(P50Pattern()), Number(P99Pattern()), null, cpu / wall, (long)(non2xx + Number(ExceptionsPattern())), cpu * 1e6 / Math.Max(complete - non2xx, 1));
    }

    private static async Task<Row> RunLoadAsync(string plan, double rate, int seconds, bool ledger, CancellationToken cancellationToken)
    {
        string[] arguments = [.. LabEnvironment.PilotlightCommand(), "load", plan, "--rate", rate.ToString(CultureInfo.InvariantCulture), "--duration", $"{seconds}s", "--max-in-flight", "64", "--json", .. ledger ? Array.Empty<string>() : ["--no-ledger"]];
        var (text, cpu, wall) = await TimedAsync(arguments, seconds, cancellationToken);
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        using var document = JsonDocument.Parse(start >= 0 && end > start ? text[start..(end + 1)] : "{}");
        var root = document.RootElement;
        double Get(params string[] path)
        {
            var at = root;
            foreach (var key in path)
            {
                if (!at.TryGetProperty(key, out at))
                {
                    return 0;
                }
            }

            return at.ValueKind == JsonValueKind.Number ? at.GetDouble() : 0;
        }

        var runSeconds = Math.Max((root.TryGetProperty("ended", out var e) && root.TryGetProperty("started", out var s) ? e.GetDateTimeOffset() - s.GetDateTimeOffset() : TimeSpan.FromSeconds(seconds)).TotalSeconds, 0.001);
        var tool = string.Create(CultureInfo.InvariantCulture, $"pilotlight load {rate:0}/s {(ledger ? "+ ledger" : "no ledger")}");
        // Per write in the steady state (from the end of the load's own warm-up), the JIT's one-time work left out.
        var perWrite = Get("steady", "acknowledged") > 0 ? Get("steady", "cpu_seconds") * 1e6 / Get("steady", "acknowledged") : Get("cpu_seconds") * 1e6 / Math.Max(Get("acknowledged"), 1);
        var ledgerShare = ledger && Get("steady", "cpu_seconds") > 0 ? Get("steady", "ledger_cpu_seconds") / Get("steady", "cpu_seconds") : (double?)null;
        return new Row(tool, Get("acknowledged") / runSeconds, Get("latency_ms", "p50"), Get("latency_ms", "p99"), Get("cpu_share_of_one_core"), cpu / wall, (long)Get("errors"), perWrite) { LedgerShare = ledgerShare };
    }

    // Runs a command under bash and returns its output, the user+sys CPU seconds of the command (bash's "times":
    // the children's line) and the wall-clock seconds.
    private static async Task<(string Output, double CpuSeconds, double WallSeconds)> TimedAsync(IReadOnlyList<string> command, int seconds, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await CommandRunner.RunAsync("bash", ["-c", "\"$@\"; times", "bash", .. command], TimeSpan.FromSeconds(seconds + 60), cancellationToken);
        var wall = clock.Elapsed.TotalSeconds;
        var times = TimesPattern().Matches(result.Output);
        var cpu = times.Count > 0 ? Seconds(times[^1].Groups[1].Value, times[^1].Groups[2].Value) + Seconds(times[^1].Groups[3].Value, times[^1].Groups[4].Value) : 0;
        return (result.Output, cpu, wall);
    }

    private static double Seconds(string minutes, string seconds) => (double.Parse(minutes, CultureInfo.InvariantCulture) * 60) + double.Parse(seconds, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\d+)m([\d.]+)s (\d+)m([\d.]+)s")]
    private static partial Regex TimesPattern();

    [GeneratedRegex(@"Complete requests:\s+(\d+)")]
    private static partial Regex CompletePattern();

    [GeneratedRegex(@"Non-2xx responses:\s+(\d+)")]
    private static partial Regex Non2xxPattern();

    [GeneratedRegex(@"Exceptions:\s+(\d+)")]
    private static partial Regex ExceptionsPattern();

    [GeneratedRegex(@"Time taken for tests:\s+([\d.]+)")]
    private static partial Regex TakenPattern();

    [GeneratedRegex(@"\n\s+50%\s+(\d+)")]
    private static partial Regex P50Pattern();

    [GeneratedRegex(@"\n\s+99%\s+(\d+)")]
    private static partial Regex P99Pattern();
}
