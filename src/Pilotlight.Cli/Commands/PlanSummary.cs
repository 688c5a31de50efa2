using System.Globalization;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Plans;

namespace Pilotlight.Cli.Commands;

/// <summary>How a valid plan is described to people (one line) and to scripts (JSON).</summary>
internal static class PlanSummary
{
    public static string OneLine(Plan plan, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var resources = string.Join(", ", plan.Resources.Select(r => $"{Word(r.Kind)} {r.Provider}"));
        var drills = plan.Drills.Length switch
        {
            0 => "no drills",
            1 => "1 drill",
            var n => $"{n} drills",
        };
        var next = plan.Drills
            .Select(d => d.Schedule.NextAfter(now))
            .Where(t => t is not null)
            .Min();
        var nextText = next is { } t ? $" (next {t.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)})" : "";
        return $"plan '{plan.Name}', {Site(plan.Primary)} -> {Site(plan.Standby)}, rto {DurationText.Format(plan.Objectives.Rto)}, " +
            $"rpo {DurationText.Format(plan.Objectives.Rpo)}, {resources}, failover {Word(plan.Failover.Policy)}, {drills}{nextText}";
    }

    public static object ToJson(Plan plan, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new
        {
            name = plan.Name,
            rto = DurationText.Format(plan.Objectives.Rto),
            rpo = DurationText.Format(plan.Objectives.Rpo),
            sites = plan.Sites.Select(s => new { name = s.Name, region = s.Region, role = Word(s.Role) }),
            resources = plan.Resources.Select(r => new { kind = Word(r.Kind), provider = r.Provider }),
            failover = new
            {
                policy = Word(plan.Failover.Policy),
                approval_timeout = plan.Failover.ApprovalTimeout is { } a ? DurationText.Format(a) : null,
                max_data_loss = DurationText.Format(plan.Failover.MaxDataLoss),
            },
            drills = plan.Drills.Select(d => new
            {
                name = d.Name,
                schedule = d.Schedule.Expression,
                time_zone = d.Schedule.TimeZone.Id,
                duration = DurationText.Format(d.Duration),
                mode = Word(d.Mode),
                next = d.Schedule.NextAfter(now),
            }),
        };
    }

    private static string Site(Site site) => $"{site.Name} ({site.Region})";

    private static string Word<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
