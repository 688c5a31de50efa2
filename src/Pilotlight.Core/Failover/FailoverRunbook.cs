using System.Collections.Immutable;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Failover;

/// <summary>
/// Builds the failover step graph from a plan — pure: it reads the plan and returns steps; only steps act.
/// <code>
/// fence traffic ─► fence database (best effort) ─► promote replica ─┬─► switch traffic ─► verify ─► notify
///               ├─► scale standby compute to full ─────────────────┘
///               └─► fence the old site's compute (best effort)
/// Each step starts as soon as its own dependencies are done.
/// </code>
/// No step waits on the lost site beyond its own timeout.
/// </summary>
public static class FailoverRunbook
{
    private const string NotFenced = "not fenced: the traffic fence is what protects clients meanwhile";

    /// <summary>The operation journaled in <see cref="ExecutionTarget.Operation"/>.</summary>
    public const string Operation = "failover";

    public static string Kind(string from, string to) => $"{Operation} {from}->{to}";

    public static Runbook Build(Plan plan, string from, string to, FailoverParts parts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(parts);
        var full = plan.Capacity[to].Full;
        var steps = ImmutableArray.CreateBuilder<RunbookStep>();
        steps.Add(new RunbookStep
        {
            Id = "fence-traffic",
            Description = $"take site {from} out of the traffic entry",
            Timeout = TimeSpan.FromSeconds(5),
            IsDone = ct => parts.Traffic.IsFencedAsync(from, ct),
            Execute = ct => parts.Traffic.FenceAsync(from, ct),
        });
        var promoteAfter = "fence-traffic";
        if (parts.Database is { } database)
        {
            steps.Add(new RunbookStep
            {
                Id = "fence-database",
                Description = $"fence site {from}'s database so that no client can write to it (best effort, bounded)",
                DependsOn = ["fence-traffic"],
                Timeout = TimeSpan.FromSeconds(3),
                MaxAttempts = 1,
                BestEffort = true,
                IsDone = ct => database.IsFencedAsync(from, ct),
                Execute = ct => database.FenceAsync(from, ct),
                WhenFailed = NotFenced,
            });
            steps.Add(new RunbookStep
            {
                Id = "promote-replica",
                Description = $"promote site {to}'s replica to primary",
                DependsOn = ["fence-database"],
                Timeout = TimeSpan.FromSeconds(40),
                IsDone = async ct => await database.GetRoleAsync(to, ct) == DatabaseRole.Primary,
                Execute = ct => database.PromoteAsync(to, ct),
            });
            promoteAfter = "promote-replica";
        }

        steps.Add(new RunbookStep
        {
            Id = "scale-compute",
            Description = $"scale site {to}'s compute to full capacity ({full.Desired} {(full.Type == CapacityType.Spot ? "spot" : "on-demand")})",
            DependsOn = ["fence-traffic"],
            Timeout = TimeSpan.FromSeconds(60),
            IsDone = async ct => (await parts.Compute.GetInstancesAsync(to, ct)).Count(i => i.Ready) >= full.Desired,
            Execute = ct => parts.Compute.ScaleToAsync(to, full, ct),
        });
        steps.Add(new RunbookStep
        {
            Id = "fence-compute",
            Description = $"take site {from}'s compute out of service (best effort, bounded)",
            DependsOn = ["fence-traffic"],
            Timeout = TimeSpan.FromSeconds(8),
            MaxAttempts = 1,
            BestEffort = true,
            Execute = ct => parts.Compute.FenceAsync(from, ct),
            WhenFailed = NotFenced,
        });
        steps.Add(SharedSteps.SwitchTraffic(to, parts.Traffic, parts.ActiveSite, parts.RecordActiveSite, [promoteAfter, "scale-compute"]));
        steps.Add(SharedSteps.Verify(to, parts.ServesThroughEntry));
        steps.Add(SharedSteps.Notify($"failover from {from} to {to} succeeded", parts.Notify, ["verify"]));

        var reasons = ImmutableArray.Create(
            $"plan {plan.Name}: site {from} is lost, site {to} takes over (rto {DurationText.Format(plan.Objectives.Rto)}, rpo {DurationText.Format(plan.Objectives.Rpo)})",
            parts.Database is null ? "no database resource: nothing to promote" : $"the {plan.Resource(ResourceKind.Database)!.Provider} replica in {to} is promoted after {from} is fenced",
            $"compute in {to} goes from pilot to full capacity: {full.Min}/{full.Desired}/{full.Max}");
        return new Runbook(Kind(from, to), parts.Timeouts.Apply(steps), reasons) { Target = new ExecutionTarget(Operation, from, to, parts.PlanFingerprint) };
    }

}
