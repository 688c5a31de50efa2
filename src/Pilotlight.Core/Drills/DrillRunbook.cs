using System.Collections.Immutable;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Drills;

/// <summary>
/// Builds a drill as one runbook — pure: it composes steps; only steps act.
/// <code>
/// live:     [inject fault ─► detect the loss ─►] out.* (switchover, or failover after a fault) ─► smoke checks ─► hold
///           ─► [recover the site ─►] back.* (switchover back, or failback) ─► pilot light again ─► verdict
/// isolated: clone the standby's database ─► start standby compute on side ports against it ─► smoke checks ─► hold
///           ─► stop that compute ─► drop the clone ─► verdict
/// </code>
/// A failed smoke check never stops the drill half-way: the checks record their results, the workload still goes
/// back (or the clone is still torn down), and the last step, the verdict, fails the drill.
/// </summary>
public static class DrillRunbook
{
    public const string Operation = "drill";

    public static string Kind(DrillMode mode, string from, string to) => $"drill {mode.ToString().ToLowerInvariant()} {from}->{to}";

    /// <summary>A live drill: <paramref name="outLeg"/> moves the workload from <paramref name="from"/> to <paramref name="to"/>, <paramref name="backLeg"/> returns it.</summary>
    public static Runbook Live(Plan plan, string from, string to, DrillFault fault, TimeSpan duration, Runbook outLeg, Runbook backLeg, DrillParts parts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outLeg);
        ArgumentNullException.ThrowIfNull(backLeg);
        ArgumentNullException.ThrowIfNull(parts);
        var steps = ImmutableArray.CreateBuilder<RunbookStep>();
        ImmutableArray<string> after = [];
        if (fault != DrillFault.Switchover)
        {
            var inject = parts.InjectFault ?? throw new ArgumentException("a drill with a fault needs InjectFault", nameof(parts));
            var detect = parts.DetectLoss ?? throw new ArgumentException("a drill with a fault needs DetectLoss", nameof(parts));
            steps.Add(new RunbookStep
            {
                Id = "inject-fault",
                Description = $"lose site {from}: {Describe(fault)}",
                Timeout = TimeSpan.FromSeconds(30),
                MaxAttempts = 1,
                IsDone = parts.FaultInjected,
                Execute = inject,
            });
            steps.Add(new RunbookStep
            {
                Id = "detect-loss",
                Description = $"probe site {from} as the controller does until it is declared down",
                DependsOn = ["inject-fault"],
                Timeout = TimeSpan.FromMinutes(2),
                MaxAttempts = 1,
                IsDone = parts.LossDetected is { } detected ? _ => Task.FromResult(detected()) : null,
                Execute = detect,
            });
            after = ["detect-loss"];
        }

        var outSteps = Prefixed(outLeg, "out.", after);
        steps.AddRange(outSteps);
        steps.Add(Smoke(parts, [.. outSteps.Select(s => s.Id)], $"run the plan's smoke checks through the entry, served by site {to}"));
        steps.Add(HoldStep(parts, duration, $"hold the workload on site {to} for {DurationText.Format(duration)}"));
        after = ["hold"];
        if (fault != DrillFault.Switchover)
        {
            steps.Add(new RunbookStep
            {
                Id = "recover-site",
                Description = $"bring site {from}'s infrastructure back (its old primary stays fenced)",
                DependsOn = ["hold"],
                Timeout = TimeSpan.FromMinutes(1),
                Execute = parts.RecoverSite ?? throw new ArgumentException("a drill with a fault needs RecoverSite", nameof(parts)),
            });
            after = ["recover-site"];
        }

        var backSteps = Prefixed(backLeg, "back.", after);
        steps.AddRange(backSteps);
        steps.Add(new RunbookStep
        {
            Id = "pilot-light",
            Description = $"check the plan is in pilot-light shape again: site {from} active, site {to} ready to take over",
            DependsOn = [.. backSteps.Select(s => s.Id)],
            Timeout = TimeSpan.FromMinutes(3),
            MaxAttempts = 1,
            Execute = parts.CheckPilotLight ?? throw new ArgumentException("a live drill needs CheckPilotLight", nameof(parts)),
        });
        steps.Add(Verdict(parts, "pilot-light"));
        var reasons = ImmutableArray.Create(
            $"plan {plan.Name}: a live drill — the workload really moves from site {from} to site {to} ({(fault == DrillFault.Switchover ? "a planned switchover" : Describe(fault))}), is held there {DurationText.Format(duration)} and comes back",
            $"objectives: rto {DurationText.Format(plan.Objectives.Rto)}, rpo {DurationText.Format(plan.Objectives.Rpo)}");
        return new Runbook(Kind(DrillMode.Live, from, to), steps.ToImmutable(), reasons.AddRange(outLeg.Reasons.Select(r => $"out: {r}")).AddRange(backLeg.Reasons.Select(r => $"back: {r}")))
        {
            Target = new ExecutionTarget(Operation, from, to, parts.PlanFingerprint),
        };
    }

    /// <summary>An isolated drill on the standby site <paramref name="standby"/>, production on <paramref name="active"/> untouched.</summary>
    public static Runbook Isolated(Plan plan, string active, string standby, TimeSpan duration, DrillParts parts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(parts);
        var clone = parts.CloneDatabase ?? throw new ArgumentException("an isolated drill needs CloneDatabase", nameof(parts));
        var steps = ImmutableArray.CreateBuilder<RunbookStep>();
        steps.Add(new RunbookStep
        {
            Id = "clone-database",
            Description = $"clone site {standby}'s database on its host, beside the standby (replication untouched)",
            Timeout = TimeSpan.FromMinutes(10),
            MaxAttempts = 2,
            Execute = clone,
        });
        steps.Add(new RunbookStep
        {
            Id = "start-compute",
            Description = $"start site {standby}'s compute on side ports against the clone ({plan.Capacity[standby].Full.Desired} instances, never in the entry)",
            DependsOn = ["clone-database"],
            Timeout = TimeSpan.FromMinutes(2),
            MaxAttempts = 2,
            Execute = parts.StartCompute ?? throw new ArgumentException("an isolated drill needs StartCompute", nameof(parts)),
        });
        steps.Add(Smoke(parts, ["start-compute"], "run the plan's smoke checks against the isolated instances"));
        steps.Add(HoldStep(parts, duration, $"hold the isolated copy for {DurationText.Format(duration)}"));
        steps.Add(new RunbookStep
        {
            Id = "stop-compute",
            Description = "stop the isolated instances",
            DependsOn = ["hold"],
            Timeout = TimeSpan.FromMinutes(1),
            Execute = parts.StopCompute ?? throw new ArgumentException("an isolated drill needs StopCompute", nameof(parts)),
        });
        steps.Add(new RunbookStep
        {
            Id = "drop-clone",
            Description = "stop the clone and delete its files",
            DependsOn = ["stop-compute"],
            Timeout = TimeSpan.FromMinutes(1),
            Execute = parts.DropClone ?? throw new ArgumentException("an isolated drill needs DropClone", nameof(parts)),
        });
        steps.Add(Verdict(parts, "drop-clone"));
        var reasons = ImmutableArray.Create(
            $"plan {plan.Name}: an isolated drill — a clone of site {standby}'s database serves site {standby}'s compute on side ports; site {active} keeps serving, the entry is never changed and the standby keeps streaming",
            $"objectives: rto {DurationText.Format(plan.Objectives.Rto)} (compared with the clone's time to serving), rpo {DurationText.Format(plan.Objectives.Rpo)} (the standby's lag throughout)");
        return new Runbook(Kind(DrillMode.Isolated, active, standby), steps.ToImmutable(), reasons)
        {
            Target = new ExecutionTarget(Operation, active, standby, parts.PlanFingerprint),
        };
    }

    /// <summary>A leg's steps under <paramref name="prefix"/>, its first steps waiting for <paramref name="after"/>.</summary>
    public static ImmutableArray<RunbookStep> Prefixed(Runbook leg, string prefix, ImmutableArray<string> after)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return [.. leg.Steps.Select(s => s with
        {
            Id = prefix + s.Id,
            DependsOn = s.DependsOn.IsEmpty ? after : [.. s.DependsOn.Select(d => prefix + d)],
        })];
    }

    private static RunbookStep Smoke(DrillParts parts, ImmutableArray<string> after, string description) => new()
    {
        Id = "smoke-checks",
        Description = description,
        DependsOn = after,
        Timeout = TimeSpan.FromMinutes(2),
        MaxAttempts = 1,
        IsDone = _ => Task.FromResult(parts.SmokeChecked()),
        Execute = parts.SmokeChecks,
        Outcome = parts.SmokeSummary,
    };

    private static RunbookStep HoldStep(DrillParts parts, TimeSpan duration, string description) => new()
    {
        Id = "hold",
        Description = description,
        DependsOn = ["smoke-checks"],
        Timeout = duration + TimeSpan.FromMinutes(1),
        MaxAttempts = 1,
        IsDone = _ => Task.FromResult(parts.Held()),
        Execute = parts.Hold,
    };

    private static RunbookStep Verdict(DrillParts parts, string after) => new()
    {
        Id = "verdict",
        Description = "the drill passes when every smoke check passed",
        DependsOn = [after],
        Timeout = TimeSpan.FromSeconds(5),
        MaxAttempts = 1,
        Execute = _ => parts.SmokeFailure() is { } failure ? throw new InvalidOperationException(failure) : Task.CompletedTask,
        Outcome = parts.SmokeSummary,
    };

    private static string Describe(DrillFault fault) => fault switch
    {
        DrillFault.Kill => "every process of the site killed at once",
        DrillFault.Stop => "every process of the site frozen",
        DrillFault.Partition => "the site's network cut",
        _ => "a planned switchover",
    };
}
