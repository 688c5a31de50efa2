using System.Collections.Immutable;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Schedules;

/// <summary>
/// The controller's drill rules — pure: which scheduled drills are due now, and whether a due drill may start.
/// An occurrence is handled once (run, skipped or missed), so a restarted controller never runs it twice; one due
/// longer ago than <see cref="Grace"/> (no controller ran then) is recorded as missed, never run late.
/// </summary>
public static class DrillCalendar
{
    /// <summary>How late a drill may still start after its time (a controller restarted around it).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Each drill's next occurrence after the last one handled (or after <paramref name="startedAt"/> when none was),
    /// if it is due at <paramref name="now"/>.
    /// </summary>
    public static ImmutableArray<DueDrill> Due(IEnumerable<DrillSpec> drills, IReadOnlyDictionary<string, DateTimeOffset> handledUpTo, DateTimeOffset startedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(drills);
        ArgumentNullException.ThrowIfNull(handledUpTo);
        var due = ImmutableArray.CreateBuilder<DueDrill>();
        foreach (var drill in drills)
        {
            var since = handledUpTo.TryGetValue(drill.Name, out var handled) ? handled : startedAt;
            if (drill.Schedule.NextAfter(since) is { } next && next <= now)
            {
                due.Add(new DueDrill(drill, next, now - next > Grace));
            }
        }

        return due.ToImmutable();
    }

    /// <summary>
    /// Whether a due drill starts: never while another execution runs or waits to be resumed, never while the plan is
    /// NOT READY (a drill must not be what breaks a plan that could not fail over anyway), never when it was missed.
    /// </summary>
    public static DrillVerdict Decide(DueDrill due, string? otherExecution, string? notReady)
    {
        ArgumentNullException.ThrowIfNull(due);
        if (due.Missed)
        {
            return DrillVerdict.Skip($"missed: due at {due.At:yyyy-MM-dd HH:mm} UTC, more than {Grace.TotalMinutes:0} minutes ago, when no controller ran");
        }

        if (otherExecution is not null)
        {
            return DrillVerdict.Skip($"another execution runs: {otherExecution}");
        }

        return notReady is not null ? DrillVerdict.Skip($"the plan is NOT READY: {notReady}") : DrillVerdict.Run;
    }
}

/// <summary>One occurrence of a drill that is due: at <see cref="At"/>; <see cref="Missed"/> when too long ago to start now.</summary>
public sealed record DueDrill(DrillSpec Drill, DateTimeOffset At, bool Missed);

/// <summary>Run the drill, or skip it for <see cref="Reason"/>.</summary>
public sealed record DrillVerdict(bool Runs, string? Reason)
{
    public static DrillVerdict Run { get; } = new(true, null);

    public static DrillVerdict Skip(string reason) => new(false, reason);
}
