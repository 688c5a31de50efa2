using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Evidence;
using Pilotlight.Engine.Load;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// <c>pilotlight load [PLAN] [--rate R] [--duration D] [--target URL] [--ledger FILE] …</c>: an open-loop write
/// load through the plan's entry, every acknowledged write in a ledger, a live stats line and a final summary with
/// the generator's own CPU share. Exit 0 when the load ran and at least one write was acknowledged, 1 otherwise.
/// </summary>
internal static class LoadCommand
{
    private const string Prefix = "pilotlight load";

    public static Command Create(Option<bool> json, CliContext context)
    {
        var target = PlanTarget.WithPlanArgument();
        var rate = new Option<double>("--rate") { Description = "Writes per second, sent on schedule whether or not earlier ones were answered", DefaultValueFactory = _ => 100 };
        var duration = new Option<string>("--duration") { Description = "How long to send (e.g. 30s, 5m)", DefaultValueFactory = _ => "60s" };
        var url = new Option<string?>("--target") { Description = "Send to this http://HOST:PORT instead of the plan's traffic entry" };
        var ledger = new Option<string?>("--ledger") { Description = "The ledger file of acknowledged writes (default <state dir>/ledgers/<time>.ledger)" };
        var noLedger = new Option<bool>("--no-ledger") { Description = "Keep no ledger (to measure what the ledger costs)" };
        var method = new Option<string?>("--method") { Description = "HTTP method (default the plan's load.method, else POST)" };
        var path = new Option<string?>("--path") { Description = "Request path (default the plan's load.path, else /orders)" };
        var body = new Option<string?>("--body") { Description = "Body template; {ref} becomes each write's unique reference (default the plan's load.body)" };
        var expect = new Option<int?>("--expect-status") { Description = "The status that acknowledges a write (default the plan's load.expect_status, else 201)" };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "At most this many requests outstanding (one connection each); a write due beyond it is shed", DefaultValueFactory = _ => 64 };
        var timeout = new Option<string>("--timeout") { Description = "A request unanswered after this long fails as a timeout", DefaultValueFactory = _ => "2s" };
        var fsyncEvery = new Option<string>("--fsync-every") { Description = "fsync the ledger this often (a machine crash loses at most this much of it; a killed generator loses nothing)", DefaultValueFactory = _ => "1s" };
        var command = new Command("load", "Send an open-loop write load through the plan's entry, keeping a ledger of every acknowledged write")
        {
            rate, duration, url, ledger, noLedger, method, path, body, expect, maxInFlight, timeout, fsyncEvery,
        };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), Prefix, async () =>
        {
            if (!TryDuration(parse.GetValue(duration), "--duration", out var length, out var problem) || !TryDuration(parse.GetValue(timeout), "--timeout", out var wait, out problem)
                || !TryDuration(parse.GetValue(fsyncEvery), "--fsync-every", out var fsync, out problem))
            {
                await context.Error.WriteLineAsync($"{Prefix}: {problem}");
                return ExitCodes.Usage;
            }

            Uri? given = null;
            if (parse.GetValue(url) is { } text && !Uri.TryCreate(text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text, UriKind.Absolute, out given))
            {
                await context.Error.WriteLineAsync($"{Prefix}: --target '{text}' is not a URL; expected http://HOST:PORT");
                return ExitCodes.Usage;
            }

            InlineSocketCompletions();
            var engine = target.Open(parse, context);
            var started = context.Clock.GetUtcNow();
            var plan = engine.LoadOptions(given);
            var options = plan with
            {
                Rate = parse.GetValue(rate),
                Duration = length,
                Method = parse.GetValue(method)?.ToUpperInvariant() ?? plan.Method,
                Path = parse.GetValue(path) ?? plan.Path,
                Body = parse.GetValue(body) ?? plan.Body,
                ExpectStatus = parse.GetValue(expect) ?? plan.ExpectStatus,
                MaxInFlight = parse.GetValue(maxInFlight),
                Timeout = wait,
                FsyncInterval = fsync,
                LedgerPath = parse.GetValue(noLedger) ? null : parse.GetValue(ledger) is { } file ? context.Resolve(file) : engine.Layout.LedgerPath(started),
            };
            var asJson = parse.GetValue(json);
            if (!asJson)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"load: {options.Method} {new Uri(options.Target, options.Path)} at {options.Rate:0.##}/s for {DurationText.Format(length)}, at most {options.MaxInFlight} in flight; ledger {options.LedgerPath ?? "none"}"));
            }

            var (summary, cpu, steady, ledgerCpu) = await RunAsync(context, options, asJson, ct);
            Write(context, asJson, summary, cpu, steady, ledgerCpu, options);
            return summary.Acknowledged > 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    // CPU is also counted from this far into a run of at least 10 s: the steady state, without the JIT's warm-up.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Runs the load, drawing the stats line every second; returns the summary, the CPU the process used meanwhile,
    /// the CPU and acknowledged writes after <see cref="WarmUp"/> (null for a shorter run), and the ledger's own CPU.
    /// </summary>
    private static async Task<(LoadSummary Summary, TimeSpan Cpu, SteadyState? Steady, TimeSpan LedgerCpu)> RunAsync(CliContext context, LoadOptions options, bool asJson, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        await using var run = LoadGenerator.Start(options, cancellationToken);
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var completion = run.Completion;
        (TimeSpan Elapsed, TimeSpan Cpu, long Acknowledged, TimeSpan LedgerCpu)? warm = null;
        var measureSteady = options.Duration is { } planned && planned >= TimeSpan.FromSeconds(10);
        while (!completion.IsCompleted)
        {
            var tick = ticker.WaitForNextTickAsync(CancellationToken.None).AsTask();
            await Task.WhenAny(tick, completion);
            if (completion.IsCompleted)
            {
                break;
            }

            var current = run.Current;
            if (measureSteady && warm is null && current.Elapsed >= WarmUp)
            {
                process.Refresh();
                warm = (current.Elapsed, process.TotalProcessorTime, current.Acknowledged, run.LedgerCpu);
            }

            if (!asJson)
            {
                var line = StatsLine(current);
                await (context.Terminal ? context.Out.WriteAsync("\r" + line.PadRight(100)) : context.Out.WriteLineAsync(line));
            }
        }

        var summary = await completion;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        if (!asJson && context.Terminal)
        {
            await context.Out.WriteLineAsync();
        }

        var steady = warm is { } w ? new SteadyState(w.Elapsed, process.TotalProcessorTime - w.Cpu, summary.Acknowledged - w.Acknowledged, run.LedgerCpu - w.LedgerCpu) : null;
        return (summary, cpu, steady, run.LedgerCpu);
    }

    /// <summary>What a run used from <paramref name="From"/> into it to its end: CPU (the ledger's part of it), and the writes acknowledged meanwhile.</summary>
    private sealed record SteadyState(TimeSpan From, TimeSpan Cpu, long Acknowledged, TimeSpan LedgerCpu);

    /// <summary>One line of live stats; tests read its <c>acked N</c>.</summary>
    internal static string StatsLine(LoadStats stats) => string.Create(CultureInfo.InvariantCulture,
        $"{stats.Elapsed.TotalSeconds,5:0}s  sent {stats.Sent}  acked {stats.Acknowledged}  errors {stats.Errors} (shed {stats.Shed})  in flight {stats.InFlight}  last second {stats.AcknowledgedLastSecond}/s  p50 {Ms(stats.P50Ms)}  p99 {Ms(stats.P99Ms)}");

    private static void Write(CliContext context, bool asJson, LoadSummary summary, TimeSpan cpu, SteadyState? steady, TimeSpan ledgerCpu, LoadOptions options)
    {
        var wall = (summary.Ended - summary.Started).TotalSeconds;
        var share = wall > 0 ? cpu.TotalSeconds / wall : 0;
        if (asJson)
        {
            Json.Write(context.Out, new
            {
                ok = summary.Acknowledged > 0,
                target = new Uri(options.Target, options.Path).ToString(),
                rate = summary.Rate,
                started = summary.Started,
                ended = summary.Ended,
                sent = summary.Sent,
                acknowledged = summary.Acknowledged,
                errors = summary.Errors,
                errors_by_kind = summary.ErrorsByKind,
                latency_ms = new { p50 = summary.Latency.P50Ms, p90 = summary.Latency.P90Ms, p99 = summary.Latency.P99Ms, max = summary.Latency.MaxMs },
                ledger = summary.LedgerPath,
                cpu_seconds = cpu.TotalSeconds,
                cpu_share_of_one_core = share,
                ledger_cpu_seconds = summary.LedgerPath is null ? (double?)null : ledgerCpu.TotalSeconds,
                steady = steady is null ? null : new { from_seconds = steady.From.TotalSeconds, cpu_seconds = steady.Cpu.TotalSeconds, acknowledged = steady.Acknowledged, ledger_cpu_seconds = summary.LedgerPath is null ? (double?)null : steady.LedgerCpu.TotalSeconds },
                series = summary.Series.Select(b => new { at = b.At, acknowledged = b.Acknowledged, errors = b.Errors, p50_ms = b.P50Ms, max_ms = b.MaxMs }),
            });
            return;
        }

        var errors = summary.ErrorsByKind.IsEmpty ? "" : " (" + string.Join(", ", summary.ErrorsByKind.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value}")) + ")";
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done in {wall:0.0}s: sent {summary.Sent}, acknowledged {summary.Acknowledged} ({summary.Acknowledged / Math.Max(wall, 0.001):0}/s), errors {summary.Errors}{errors}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency: p50 {Ms(summary.Latency.P50Ms)}, p90 {Ms(summary.Latency.P90Ms)}, p99 {Ms(summary.Latency.P99Ms)}, max {Ms(summary.Latency.MaxMs)}"));
        if (summary.LedgerPath is { } ledger)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ledger: {ledger} ({summary.Acknowledged} acknowledged writes; check with pilotlight verify-ledger {ledger}); its own CPU {ledgerCpu.TotalMilliseconds:0} ms, {(cpu > TimeSpan.Zero ? ledgerCpu / cpu * 100 : 0):0.0}% of the load's"));
        }

        var steadyText = steady is { Acknowledged: > 0 } st ? string.Create(CultureInfo.InvariantCulture, $"; after {st.From.TotalSeconds:0}s warm-up {st.Cpu.TotalMicroseconds / st.Acknowledged:0.0} µs per acknowledged write") : "";
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu: {share * 100:0.0}% of one core (user+sys {cpu.TotalSeconds:0.00}s over {wall:0.0}s){steadyText}"));
    }

    /// <summary>
    /// Socket continuations run on the runtime's epoll thread instead of hopping to the thread pool: the load's
    /// continuations never block, and the hop is most of a request's CPU. Read once, when the process first uses an
    /// async socket, so it must be set before any; it is this process's only socket user.
    /// </summary>
    private static void InlineSocketCompletions()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }

    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private static string Ms(double? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0.0}ms") : "-";

    private static bool TryDuration(string? text, string option, out TimeSpan value, out string? problem)
    {
        if (!DurationText.TryParse(text, out value, out var error) || value <= TimeSpan.Zero)
        {
            problem = $"{option} '{text}': {error ?? "must be positive"}; expected {DurationText.Expected}";
            return false;
        }

        problem = null;
        return true;
    }
}
