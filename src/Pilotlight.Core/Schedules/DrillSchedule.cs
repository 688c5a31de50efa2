using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Quartz;

namespace Pilotlight.Core.Schedules;

/// <summary>When a drill runs: a cron expression read on the wall clock of an IANA time zone.</summary>
/// <remarks>
/// <para>
/// Accepts crontab's five fields (<c>5 0 * * MON#1</c>: the first Monday of each month at 00:05), with days of the
/// week by name and at most one of the two day fields restricted, and Quartz's own six or seven fields
/// (<c>0 5 0 ? * MON#1</c>) as Quartz reads them.
/// </para>
/// <para>
/// Daylight saving follows the rule Quartz documents for <see cref="CronExpression"/>, in every zone:
/// a wall time that does not exist (spring forward) fires once, at the instant the clocks moved, so a daily 02:30
/// in America/Los_Angeles fires at 03:00 PDT on 2027-03-14 and a daily 01:30 in Europe/Dublin at 02:00 IST on
/// 2027-03-28; a wall time that occurs twice (fall back) fires once, at its first occurrence (01:30 PDT, not also
/// 01:30 PST). Expressions whose second, minute or hour field is a wildcard, step or range ("every ...") fire through
/// both passes of the repeated hour, as Quartz's do.
/// </para>
/// <para>
/// Quartz matches the fields; the zone is resolved here, because Quartz 4.7.3's own resolution is wrong in two ways
/// (pinned in QuartzDaylightSavingTests): in Europe/Dublin's spring gap it answers an hour early (00:30 GMT for
/// 01:30) and then answers that same instant forever, and hourly schedules lose the second pass of Dublin's repeated
/// hour (Dublin is the zone .NET models with negative daylight saving); and asked from inside the second pass of a
/// repeated hour it answers a fixed time that already fired in the first pass, so a restarted scheduler would run the
/// drill twice an hour apart.
/// </para>
/// </remarks>
public sealed class DrillSchedule
{
    // Quartz on a clock with no daylight saving: every time it returns is a wall-clock reading of the schedule's zone.
    private readonly CronExpression _fields;
    private readonly ZoneClock _clock;
    private readonly bool _firesInBothPasses;

    private DrillSchedule(string expression, CronExpression fields, TimeZoneInfo timeZone)
    {
        Expression = expression;
        _fields = fields.WithTimeZone(TimeZoneInfo.Utc);
        _clock = new ZoneClock(timeZone);

        // Quartz's test for "every ..." expressions: a wildcard, step or range in the second, minute or hour field.
        _firesInBothPasses = QuartzExpression.Split(' ').Take(3).Any(field => field.AsSpan().IndexOfAny("*/-") >= 0);
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>The schedule in Quartz's canonical form, e.g. <c>0 5 0 ? * MON#1</c>.</summary>
    public string QuartzExpression => _fields.CronExpressionString;

    /// <summary>The zone whose wall clock the expression is read on.</summary>
    public TimeZoneInfo TimeZone => _clock.Zone;

    /// <summary>Reads a schedule; on failure <paramref name="error"/> says, on one line, what is wrong and what was expected.</summary>
    public static bool TryParse(
        string? expression,
        string? timeZoneId,
        [NotNullWhen(true)] out DrillSchedule? schedule,
        [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (!CronSyntax.TryRead(expression, out var cron, out error) || !TryFindZone(timeZoneId, out var zone, out error))
        {
            return false;
        }

        schedule = new DrillSchedule(expression!, cron, zone);
        return true;
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>, in the schedule's zone; null if there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant)
    {
        if (instant.UtcTicks > DateTime.MaxValue.Ticks - (2 * TimeSpan.TicksPerDay))
        {
            return null;
        }

        // Walk wall-clock matches from the earliest reading that can still name an instant after this one: with the
        // clocks about to fall back, a reading already passed occurs again.
        var offset = TimeZone.GetUtcOffset(instant);
        var soon = TimeZone.GetUtcOffset(instant.AddDays(1));
        var wall = new DateTime(Math.Max(instant.UtcTicks + (offset < soon ? offset : soon).Ticks, TimeSpan.TicksPerDay));
        DateTimeOffset? best = null;
        while (_fields.GetNextValidTimeAfter(new DateTimeOffset(wall, TimeSpan.Zero)) is { } match)
        {
            wall = match.DateTime;
            var instants = _clock.Resolve(wall);
            if (_firesInBothPasses && instants.Repeat is { } repeat && repeat > instant && (best is null || repeat < best))
            {
                best = repeat;
            }

            // First instants never decrease as the wall clock advances, so none later can be earlier than this one.
            if (instants.First > instant)
            {
                best = best < instants.First ? best : instants.First;
                break;
            }
        }

        return best is { } found ? TimeZoneInfo.ConvertTime(found, TimeZone) : null;
    }

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/>, fewer if the schedule ends.</summary>
    public IReadOnlyList<DateTimeOffset> Occurrences(DateTimeOffset after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var occurrences = ImmutableArray.CreateBuilder<DateTimeOffset>();
        while (occurrences.Count < count && NextAfter(after) is { } next)
        {
            occurrences.Add(next);
            after = next;
        }

        return occurrences.ToImmutable();
    }

    public override string ToString() => $"{Expression} ({TimeZone.Id})";

    private static bool TryFindZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? error)
    {
        const string Expected = "expected an IANA time zone such as UTC or Europe/Dublin";
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            error = $"missing time zone; {Expected}";
            return false;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            error = $"unknown time zone '{CronSyntax.Quote(id)}'; {Expected}";
            return false;
        }

        // On Linux .NET also finds Windows ids ("Pacific Standard Time"); plans name zones one way only.
        if (!found.HasIanaId)
        {
            error = $"'{CronSyntax.Quote(id)}' is a Windows time zone id; {Expected}";
            return false;
        }

        zone = found;
        error = null;
        return true;
    }
}
