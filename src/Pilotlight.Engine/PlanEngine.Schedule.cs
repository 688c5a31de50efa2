using System.Collections.Immutable;
using System.Text.Json;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Runbooks;
using Pilotlight.Core.Schedules;
using Pilotlight.Engine.Drills;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    private static readonly JsonSerializerOptions LineJson = new(EvidenceFile.Json) { WriteIndented = false };

    /// <summary>Where the controller records each scheduled drill occurrence it handled: run, skipped or missed (JSON lines).</summary>
    public string DrillLogPath => Path.Combine(Layout.StateDirectory, "drills.jsonl");

    /// <summary>Every scheduled drill occurrence handled so far, oldest first; a torn last line is ignored.</summary>
    public ImmutableArray<DrillLogEntry> DrillLog()
    {
        if (!File.Exists(DrillLogPath))
        {
            return [];
        }

        var entries = ImmutableArray.CreateBuilder<DrillLogEntry>();
        var lines = File.ReadAllText(DrillLogPath).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                entries.Add(JsonSerializer.Deserialize<DrillLogEntry>(lines[i], EvidenceFile.Json) ?? throw new JsonException("null"));
            }
            catch (JsonException e) when (i == lines.Length - 1)
            {
                _ = e; // A torn last line: the entry was never completely written.
            }
            catch (JsonException e)
            {
                throw new Core.State.DamagedStateException(DrillLogPath, $"{DrillLogPath}:{i + 1}: not a drill log entry ({e.Message}); expected one JSON object per line as the controller writes it");
            }
        }

        return entries.ToImmutable();
    }

    private void AppendDrillLog(DrillLogEntry entry)
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        using var stream = new FileStream(DrillLogPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, LineJson) + "\n"));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// The controller's scheduler: once a second, each of the plan's drills that is due starts — unless another
    /// execution runs or waits to be resumed, or the plan is NOT READY, when it is recorded as skipped with the
    /// reason — and is notified at start and end with its result. Runs inside <see cref="WatchAsync"/>.
    /// </summary>
    private async Task ScheduleAsync(ControllerObservations observations, Action<WatchEvent> report, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Plan.Drills.IsEmpty)
        {
            return;
        }

        var startedAt = clock.GetUtcNow();
        var handled = DrillLog().GroupBy(e => e.Drill).ToDictionary(g => g.Key, g => g.Max(e => e.ScheduledFor), StringComparer.Ordinal);
        foreach (var drill in Plan.Drills)
        {
            if (drill.Schedule.NextAfter(handled.GetValueOrDefault(drill.Name, startedAt)) is { } next)
            {
                report(new WatchEvent(clock.GetUtcNow(), "drill", $"drill {drill.Name} ({drill.Mode.ToString().ToLowerInvariant()}, {drill.Schedule}) next at {next:yyyy-MM-dd HH:mm} UTC"));
            }
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var due in DrillCalendar.Due(Plan.Drills, handled, startedAt, clock.GetUtcNow()))
            {
                handled[due.Drill.Name] = due.At;
                var other = ExecutionRunning() ? "an execution holds the execution lock" : StateLock.IsHeld(Layout.DrillLockPath) ? "another drill holds the drill lock" : Unfinished() is { } unfinished ? $"{unfinished.Id} is unfinished" : null;
                var readiness = observations.Readiness;
                var notReady = readiness is null ? "readiness not observed yet" : readiness.Ready ? null : Failing(readiness);
                var verdict = DrillCalendar.Decide(due, other, notReady);
                if (!verdict.Runs)
                {
                    AppendDrillLog(new DrillLogEntry(due.Drill.Name, due.At, clock.GetUtcNow(), "skipped", verdict.Reason, null));
                    report(new WatchEvent(clock.GetUtcNow(), "drill", $"drill {due.Drill.Name} due at {due.At:HH:mm} skipped: {verdict.Reason}"));
                    Publish("drill.skipped", $"drill {due.Drill.Name} of plan {Plan.Name} skipped: {verdict.Reason}");
                    continue;
                }

                AppendDrillLog(new DrillLogEntry(due.Drill.Name, due.At, clock.GetUtcNow(), "started", null, null));
                report(new WatchEvent(clock.GetUtcNow(), "drill", $"drill {due.Drill.Name} ({due.Drill.Mode.ToString().ToLowerInvariant()}) starts"));
                Publish("drill.started", $"drill {due.Drill.Name} ({due.Drill.Mode.ToString().ToLowerInvariant()}) of plan {Plan.Name} starts");
                ExecutionResult? result = null;
                string? failure = null;
                try
                {
                    result = await DrillAsync(DrillRequest.From(due.Drill), entry => report(new WatchEvent(entry.At, "step", $"{entry.Type} {entry.Step} {entry.Detail}".Trim())), cancellationToken);
                }
                catch (EngineException e)
                {
                    failure = e.Message;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // A drill that breaks never takes the controller down with it: recorded, and the controller watches on.
                    failure = $"the drill failed: {e.Message.ReplaceLineEndings(" ")}";
                }

                var outcome = result?.Outcome == ExecutionOutcome.Succeeded ? "succeeded" : failure is not null && !failure.StartsWith("the drill failed", StringComparison.Ordinal) ? "refused" : "failed";
                var failedStep = result?.Steps.LastOrDefault(s => s.Outcome == StepOutcome.Failed);
                var why = failure ?? (failedStep is null ? null : $"{failedStep.Step}: {failedStep.Detail}");
                var tail = why is null ? "" : $": {why}";
                var see = result is null ? "" : $" (pilotlight report --execution {result.Id})";
                AppendDrillLog(new DrillLogEntry(due.Drill.Name, due.At, clock.GetUtcNow(), outcome, why, result?.Id));
                report(new WatchEvent(clock.GetUtcNow(), "drill", $"drill {due.Drill.Name} {outcome}{tail}", result));
                Publish("drill.finished", $"drill {due.Drill.Name} of plan {Plan.Name} {outcome}{tail}{see}", new Dictionary<string, object?> { ["drill"] = due.Drill.Name, ["outcome"] = outcome, ["reason"] = why }, execution: result?.Id);
            }
        }
    }
}

/// <summary>One scheduled drill occurrence the controller handled: started, succeeded, failed, refused, skipped (with the reason).</summary>
public sealed record DrillLogEntry(string Drill, DateTimeOffset ScheduledFor, DateTimeOffset At, string Outcome, string? Reason, string? Execution);
