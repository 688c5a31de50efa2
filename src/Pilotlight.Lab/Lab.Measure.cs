using System.Text.RegularExpressions;
using Npgsql;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>
    /// Loses site a under a steady write load and lets the controller detect it and fail over, measuring each
    /// phase from the instant of loss. The lab must be up with a active. <paramref name="controller"/> runs the
    /// controller of the lab's plan (the engine's watch), reporting its events, until cancelled.
    /// </summary>
    public Task<FailoverMeasurement> MeasureFailoverAsync(DisasterMode mode, Func<Action<WatchEvent>, CancellationToken, Task> controller, Action<WatchEvent>? report, CancellationToken cancellationToken) =>
        MeasureFailoverAsync(mode, TimeSpan.Zero, controller, report, cancellationToken);

    /// <summary>
    /// As <see cref="MeasureFailoverAsync(DisasterMode, Func{Action{WatchEvent}, CancellationToken, Task}, Action{WatchEvent}?, CancellationToken)"/>, the loss falling
    /// <paramref name="phase"/> after the warm-up: a phase drawn at random within the probe interval measures
    /// detection as a real outage meets it, anywhere between two probe rounds.
    /// </summary>
    public async Task<FailoverMeasurement> MeasureFailoverAsync(DisasterMode mode, TimeSpan phase, Func<Action<WatchEvent>, CancellationToken, Task> controller, Action<WatchEvent>? report, CancellationToken cancellationToken)
    {
        var events = new List<WatchEvent>();
        await using var load = OrderLoad.Start(Layout.EntryUrl, "measure", workers: 2, maxOrders: 50_000, maxDuration: TimeSpan.FromMinutes(3));

        // The controller runs before the loss, as it would in production; the load is steady by then.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watching.CancelAfter(TimeSpan.FromSeconds(90));
        ExecutionResult? execution = null;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ArgumentNullException.ThrowIfNull(controller);
        var watch = controller(
            e =>
            {
                lock (events)
                {
                    events.Add(e);
                }

                report?.Invoke(e);
                if (e.Kind == "ready" && e.Text.StartsWith("READY", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }

                if (e.Execution is not null)
                {
                    execution = e.Execution;
                    watching.Cancel();
                }
            },
            watching.Token);
        // Steady first: until its observer has seen the standby ready, the controller has no proof of what the standby
        // replayed, and a loss then rightly waits for approval — that would measure a busy machine, not a failover.
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new LabException("the controller did not find site b ready within 30 s; nothing was measured", e);
        }

        await Task.Delay(WarmUp + phase, cancellationToken);
        var lost = DateTimeOffset.UtcNow;
        await DisasterAsync("a", mode, cancellationToken);
        report?.Invoke(new WatchEvent(lost, "disaster", $"site a lost ({mode.ToString().ToLowerInvariant()})"));
        try
        {
            await watch;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await load.StopAsync();

        TimeSpan? Since(DateTimeOffset? at) => at - lost;
        DateTimeOffset? StepEnd(string step) => execution?.Steps.FirstOrDefault(s => s.Step == step)?.Ended;
        var detected = events.FirstOrDefault(e => e.Kind == "health" && e.Text.StartsWith("site a is down", StringComparison.Ordinal))?.At;
        var decided = events.FirstOrDefault(e => e.Kind == "decision" && e.At >= lost)?.At;
        var (before, after) = load.Around(lost);
        var acknowledged = load.Acknowledged;
        return new FailoverMeasurement(
            Since(detected),
            Since(decided),
            Since(StepEnd("promote-replica")),
            Since(StepEnd("scale-compute")),
            Since(StepEnd("switch-traffic")),
            before is not null && after is not null ? after.At - before.At : null,
            acknowledged.Count,
            await CountMissingAsync(acknowledged, cancellationToken),
            execution?.Outcome == ExecutionOutcome.Succeeded)
        {
            Fault = mode,
            Phase = phase,
        };
    }

    /// <summary>
    /// Rewrites the health interval in the plan lab up wrote, dropping its probe timeout and max_latency so that
    /// they follow from the interval by the plan's defaults; returns the health settings the controller will use.
    /// </summary>
    public async Task<HealthSettings> SetHealthIntervalAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        RequireLab();
        var text = await File.ReadAllTextAsync(Layout.PlanPath, cancellationToken);
        var rewritten = HealthIntervalLine().Replace(text, $"  interval: {DurationText.Format(interval)}", 1);
        rewritten = HealthTimeoutLine().Replace(rewritten, "", 1);
        rewritten = MaxLatencyEntry().Replace(rewritten, "");
        await File.WriteAllTextAsync(Layout.PlanPath, rewritten, cancellationToken);
        var health = ReadPlan().Health;
        return health.Interval == interval ? health : throw new LabException($"could not set the health interval in {Layout.PlanPath}: it reads {DurationText.Format(health.Interval)}");
    }

    /// <summary>The health settings of the lab's plan as the controller reads them.</summary>
    public HealthSettings ReadHealthSettings() => ReadPlan().Health;

    // Three rounds at the lab's 500 ms: the load is steady and the controller has seen the site up by then.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1.5);

    /// <summary>Acknowledged orders that the active site's database does not have.</summary>
    private async Task<int> CountMissingAsync(IReadOnlyList<AcknowledgedOrder> acknowledged, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Database(State.ActiveSite).ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orders WHERE id = ANY($1)", connection) { Parameters = { new() { Value = acknowledged.Select(o => o.Id).ToArray() } } };
        return acknowledged.Count - (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [GeneratedRegex(@"^  interval: \S+$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex HealthIntervalLine();

    [GeneratedRegex(@"^  timeout: \S+\r?\n", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex HealthTimeoutLine();

    [GeneratedRegex(@", max_latency: [0-9a-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex MaxLatencyEntry();
}
