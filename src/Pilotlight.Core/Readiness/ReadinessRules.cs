using System.Collections.Immutable;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Readiness;

/// <summary>
/// Continuous proof that the standby can take over, as pure rules over observations: replica streaming and within
/// the RPO; objects replicated within the RPO; the same application available; capacity configured; the entry
/// knows the standby; secrets present and identical; and, only when it fails, detection: enough vantage points can
/// probe the active site to reach the quorum (else its loss could never be declared).
/// </summary>
public static class ReadinessRules
{
    public static ReadinessReport Evaluate(Plan plan, string standby, ReadinessObservations observed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(observed);
        var rpo = plan.Objectives.Rpo;
        var checks = ImmutableArray.CreateBuilder<ReadinessCheck>();
        if (plan.Resource(ResourceKind.Database) is not null)
        {
            checks.Add(observed.StandbyDatabase switch
            {
                null => new ReadinessCheck("database", false, "not observed"),
                _ when observed.StandbyDatabaseFenced => new ReadinessCheck("database", false, $"site {standby}'s database is the fenced old primary ({observed.StandbyDatabase.Role switch { DatabaseRole.Unreachable => "stopped", DatabaseRole.Standby => "read-only", _ => "writable again!" }}); failback rebuilds it as a standby"),
                { Role: DatabaseRole.Unreachable } db => new ReadinessCheck("database", false, $"replica unreachable: {db.Problem}"),
                { Role: DatabaseRole.Primary } => new ReadinessCheck("database", false, $"site {standby}'s database is a primary, not a replica"),
                { Streaming: false } => new ReadinessCheck("database", false, "replica is not streaming"),
                { LagTime: null } => new ReadinessCheck("database", false, "replica lag unknown"),
                { LagTime: { } lag } when lag > rpo => new ReadinessCheck("database", false, $"replica lag {DurationText.Format(lag)} exceeds rpo {DurationText.Format(rpo)}"),
                var db => new ReadinessCheck("database", true, $"streaming, lag {db.LagBytes ?? 0} B / {DurationText.Format(db.LagTime!.Value)}"),
            });
        }

        if (plan.Resource(ResourceKind.Objects) is not null)
        {
            var active = plan.OtherSite(standby);
            checks.Add(observed.ObjectBacklog switch
            {
                _ when observed.ObjectsDirectionProblem is { } unread => new ReadinessCheck("objects", false, $"replication direction unknown: {unread}"),
                _ when observed.ObjectsDirection is { } way && (way.Source != active || way.Target != standby) => new ReadinessCheck("objects", false, $"replication runs {way}, from site {way.Source} to site {way.Target}, not from the active site {active} to the standby {standby}"),
                null => new ReadinessCheck("objects", false, observed.ObjectsProblem is { } why ? $"not observed: {why}" : "not observed"),
                { OldestPendingAge: var age, PendingObjects: var n } when n > 0 && age > rpo => new ReadinessCheck("objects", false, $"{n} object(s) pending, the oldest for {DurationText.Format(age)} (rpo {DurationText.Format(rpo)})"),
                var b => new ReadinessCheck("objects", true, $"{b.PendingObjects} pending"),
            });
        }

        checks.Add(observed.StandbyArtifact is null
            ? new ReadinessCheck("compute", false, observed.ComputeProblem is { } computeProblem ? $"site {standby}'s compute cannot be asked: {computeProblem}" : $"the application is not present in site {standby}")
            : observed.StandbyArtifact != observed.ActiveArtifact
                ? new ReadinessCheck("compute", false, $"site {standby} has application {observed.StandbyArtifact}, the active site runs {observed.ActiveArtifact}")
                : new ReadinessCheck("compute", true, $"application {observed.StandbyArtifact} present"));
        checks.Add(plan.Capacity.TryGetValue(standby, out var capacity) && capacity.Full.Desired >= 1
            ? new ReadinessCheck("capacity", true, $"full capacity {capacity.Full.Min}/{capacity.Full.Desired}/{capacity.Full.Max}")
            : new ReadinessCheck("capacity", false, $"no full capacity configured for site {standby}"));
        checks.Add(new ReadinessCheck("traffic", observed.EntryHasStandbyBackend, observed.EntryHasStandbyBackend ? $"the entry has site {standby}'s backend" : observed.EntryProblem is { } entryProblem ? $"the entry cannot be asked: {entryProblem}" : $"the entry has no backend for site {standby}"));
        if (plan.Resource(ResourceKind.Secrets) is not null)
        {
            checks.Add(observed.StandbySecrets is null
                ? new ReadinessCheck("secrets", false, observed.SecretsProblem is { } secretsProblem ? $"site {standby}'s secrets cannot be read: {secretsProblem}" : $"secrets missing in site {standby}")
                : observed.StandbySecrets != observed.ActiveSecrets
                    ? new ReadinessCheck("secrets", false, $"site {standby}'s secrets differ from the active site's")
                    : new ReadinessCheck("secrets", true, "present, identical"));
        }

        var probing = plan.Health.VantagePoints.Length - observed.UnprobedVantagePoints.Count;
        if (probing < plan.Health.Quorum)
        {
            checks.Add(new ReadinessCheck("detection", false, $"only {probing} of {plan.Health.VantagePoints.Length} vantage points can probe site {plan.OtherSite(standby)}, quorum {plan.Health.Quorum}: its loss could never be declared (no provider offers a probe from {string.Join(", ", observed.UnprobedVantagePoints)})"));
        }

        return new ReadinessReport(standby, checks.ToImmutable());
    }
}
