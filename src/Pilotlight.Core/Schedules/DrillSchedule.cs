using System.Diagnostics.CodeAnalysis;
using Quartz;

namespace Pilotlight.Core.Schedules;

/// <summary>
/// When a drill runs: a cron expression read in a named time zone. Accepts the five-field crontab form
/// (<c>5 0 * * MON#1</c>, first Monday at 00:05) and Quartz's six- or seven-field form (seconds first).
/// </summary>
/// <remarks>
/// Quartz parses the expression; the times are resolved here, on the zone's wall clock, with the rules people
/// expect of cron across daylight-saving changes: a wall time that does not exist (spring forward) fires that
/// much later (02:30 in a 02:00→03:00 gap fires at 03:30), and a wall time that occurs twice (fall back) fires
/// once, at its first occurrence. Quartz's own resolution repeated one instant forever for Europe/Dublin's
/// spring gap (Dublin's "negative DST"), which is why it is not used for that.
/// </remarks>
public sealed class DrillSchedule
{
    private const string FieldsExpected =
        "5 crontab fields (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])";

    // Quartz evaluates the expression on a clock without daylight saving; its times are wall-clock times.
    private readonly CronExpression _wallClock;

    private DrillSchedule(string expression, CronExpression wallClock, TimeZoneInfo timeZone)
    {
        Expression = expression;
        _wallClock = wallClock;
        TimeZone = timeZone;
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>The same schedule in Quartz's canonical form.</summary>
    public string QuartzExpression => _wallClock.CronExpressionString;

    public TimeZoneInfo TimeZone { get; }

    public static bool TryParse(string? expression, string? timeZoneId, [NotNullWhen(true)] out DrillSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(timeZoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone))
        {
            error = $"unknown time zone '{timeZoneId}'; expected an IANA time zone such as UTC or Europe/Dublin";
            return false;
        }

        if (string.IsNullOrWhiteSpace(expression))
        {
            error = $"empty cron expression; expected {FieldsExpected}";
            return false;
        }

        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 5 ? CronFormat.Unix : CronFormat.Quartz;
        if (fields is < 5 or > 7)
        {
            error = $"'{expression}' has {fields} field{(fields == 1 ? "" : "s")}; expected {FieldsExpected}";
            return false;
        }

        try
        {
            var cron = CronExpression.Parse(expression.Trim(), format).WithTimeZone(TimeZoneInfo.Utc);
            schedule = new DrillSchedule(expression, cron, zone);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            error = $"'{expression}' is not a valid cron expression: {OneLine(e.Message)}; expected {FieldsExpected}";
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>, in the schedule's zone; null if none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant)
    {
        var wall = TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

        // A few steps at most: a candidate is skipped only when its wall time lies in a repeated hour already passed.
        for (var step = 0; step < 8; step++)
        {
            var next = _wallClock.GetNextValidTimeAfter(new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), TimeSpan.Zero));
            if (next is null)
            {
                return null;
            }

            wall = next.Value.DateTime;
            var candidate = Resolve(wall);
            if (candidate > instant)
            {
                return TimeZoneInfo.ConvertTime(candidate, TimeZone);
            }
        }

        return null;
    }

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Occurrences(DateTimeOffset after, int count)
    {
        var result = new List<DateTimeOffset>(count);
        var at = after;
        while (result.Count < count && NextAfter(at) is { } next)
        {
            result.Add(next);
            at = next;
        }

        return result;
    }

    public override string ToString() => $"{Expression} ({TimeZone.Id})";

    // A wall-clock time to an instant: skipped times move forward by the gap, repeated times take the first.
    // Only UTC-to-local conversion is trusted: .NET's IsInvalidTime and GetUtcOffset(wall time) are wrong for
    // zones with negative daylight saving such as Europe/Dublin.
    private DateTimeOffset Resolve(DateTime wall)
    {
        var utcGuess = new DateTimeOffset(wall, TimeSpan.Zero);
        var before = TimeZone.GetUtcOffset(utcGuess.AddDays(-1));
        var after = TimeZone.GetUtcOffset(utcGuess.AddDays(1));
        DateTimeOffset? earliest = null;
        foreach (var offset in new[] { before, after }.Distinct())
        {
            var candidate = new DateTimeOffset(wall, offset);
            if (TimeZoneInfo.ConvertTime(candidate, TimeZone).DateTime == wall && (earliest is null || candidate < earliest))
            {
                earliest = candidate;
            }
        }

        return earliest ?? new DateTimeOffset(wall, before);
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim().TrimEnd('.');
}
