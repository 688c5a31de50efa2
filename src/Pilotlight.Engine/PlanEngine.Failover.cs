using System.Globalization;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Core.State;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>The failover the engine would run now, without running it.</summary>
    public Runbook PlanFailover() => FailoverRunbook.Build(Plan, ActiveSite, StandbySite, FailoverParts());

    /// <summary>
    /// Fails the plan over to the other site — or, if an earlier failover was interrupted, resumes that one. One
    /// execution at a time: a lock in the state directory serializes them across processes.
    /// </summary>
    /// <remarks>
    /// A new failover started by an operator (<paramref name="gated"/>) passes the RPO gate first: it refuses when the
    /// data at risk is unknown or beyond max_data_loss, unless <paramref name="force"/>, and the estimate is recorded.
    /// </remarks>
    public async Task<ExecutionResult> FailoverAsync(Action<JournalEntry>? observer, CancellationToken cancellationToken, bool gated = false, bool force = false, string? decided = null)
    {
        var intended = ActiveSite;
        Directory.CreateDirectory(Layout.StateDirectory);
        await using var executionLock = await StateLock.AcquireAsync(Layout.ExecutionLockPath, cancellationToken);
        var journal = Unfinished();
        if (journal is null && ActiveSite != intended)
        {
            // Another process (the controller) failed over while this one waited for the lock: doing it again would fail back.
            throw new EngineException($"site {intended} was already failed over to {ActiveSite} by another execution ({(History() is { Count: > 0 } done ? done[^1].Id : "?")}); nothing to do");
        }

        string? gate = null;
        Core.Evidence.DataLoss? gateLoss = null;
        string from;
        string to;
        if (journal is not null)
        {
            var target = TargetOf(journal);
            if (target.Operation != FailoverRunbook.Operation)
            {
                throw new EngineException($"an interrupted {target.Operation} {target.From}->{target.To} is unfinished ({journal.Path}): `pilotlight {target.Operation}` resumes it, or the controller does");
            }

            (from, to) = (target.From, target.To);
        }
        else
        {
            (from, to) = (ActiveSite, StandbySite);
            if (gated)
            {
                (gate, gateLoss) = await GateAsync(from, to, force, cancellationToken);
            }

            var started = Clock.GetUtcNow();
            var id = Options.ExecutionId?.Invoke(started, FailoverRunbook.Kind(from, to)) ?? string.Create(CultureInfo.InvariantCulture, $"{started:yyyyMMdd'T'HHmmss'Z'}-failover-{from}-{to}");
            journal = new ExecutionJournal(Path.Combine(Layout.ExecutionsDirectory, $"{id}.jsonl"));
        }

        var runbook = FailoverRunbook.Build(Plan, from, to, FailoverParts(journal.Id));
        var reasons = runbook.Reasons;
        if (gate is not null)
        {
            reasons = reasons.Add($"run by an operator: {gate}");
        }

        if (decided is not null)
        {
            reasons = reasons.Add($"decided by the controller: {decided}");
        }

        var pending = decided is not null ? TakeDetection() : null;
        return await RunRecordedAsync(journal, observer, runbook with { Reasons = reasons }, FailoverRunbook.Operation, pending?.Detection, pending?.Loss ?? gateLoss, cancellationToken);
    }

    /// <summary>
    /// The RPO gate for an operator's failover: the replica's lag measured now against the primary when it answers,
    /// else the data at risk since the controller's last proof (replication-proof.json); unknown refuses.
    /// </summary>
    private async Task<(string Reason, Core.Evidence.DataLoss Loss)> GateAsync(string from, string to, bool force, CancellationToken cancellationToken)
    {
        var askedAt = Clock.GetUtcNow();
        var tracker = new DataAtRiskTracker(from, to, Clock, LoadProof());
        DatabaseStatus? status = null;
        if (Providers.Database is { } database)
        {
            status = await database.GetStatusAsync(to, cancellationToken);
            tracker.Observe(status, askedAt);
        }

        var risk = tracker.Estimate();
        var decision = FailoverDecision.Decide(Plan.Failover with { Policy = FailoverPolicy.Automatic }, risk, force);
        if (decision.Verdict != FailoverVerdict.Proceed)
        {
            throw new EngineException($"{decision.Reason.Replace("approve to accept it", "rerun with --force to accept it", StringComparison.Ordinal)}{(status?.Problem is { } p ? $" (replica: {p})" : "")}");
        }

        return (decision.Reason, new Core.Evidence.DataLoss(risk.Loss?.TotalSeconds, status?.LagBytes, $"the operator's gate: {risk.How}", null, null));
    }

    /// <summary>
    /// Why a failover now would fence a healthy primary — its database answers as a primary, or the entry serves the
    /// workload from it — or null when neither holds (or an interrupted execution is to be resumed).
    /// </summary>
    public async Task<string?> HealthyPrimaryAsync(CancellationToken cancellationToken)
    {
        if (Unfinished() is not null)
        {
            return null;
        }

        var active = ActiveSite;
        var primary = Providers.Database is { } database && await database.GetRoleAsync(active, cancellationToken) == DatabaseRole.Primary;
        // A guard, asked once on a busy machine: a probe that misses its latency bound once is asked again.
        var serves = false;
        for (var attempt = 0; attempt < 3 && !serves; attempt++)
        {
            serves = await ServesThroughEntryAsync(active, cancellationToken);
        }

        return (primary, serves) switch
        {
            (true, true) => $"site {active} is healthy: its database answers as a primary and the entry serves the workload from it",
            (true, false) => $"site {active}'s database answers as a primary (the entry does not serve from it now)",
            (false, true) => $"the entry serves the workload from site {active}",
            _ => null,
        };
    }

    private FailoverParts FailoverParts(string? executionId = null)
    {
        var providers = Providers;
        return new FailoverParts
        {
            Traffic = providers.Traffic,
            Database = providers.Database,
            Compute = providers.Compute,
            ServesThroughEntry = ServesThroughEntryAsync,
            ActiveSite = () => ActiveSite,
            RecordActiveSite = site => RecordSites(s => s with { Active = site, Fenced = [.. s.Fenced.Remove(site).Union([Plan.OtherSite(site)])] }, $"failover to {site}"),
            Notify = (message, _) => Notified(Core.Notifications.NotificationEvents.FailoverSucceeded, message, executionId),
            PlanFingerprint = Fingerprint,
            Timeouts = providers.Timeouts,
        };
    }

    /// <summary>
    /// True when the workload answers through the entry, served by <paramref name="site"/>: every probe of the plan
    /// that runs through the entry passes for that site (a plan without one: every direct probe of the site). The
    /// traffic provider's own checkers judge on their own schedule (Route 53: every 30 s, several failures), so they
    /// never decide this.
    /// </summary>
    private async Task<bool> ServesThroughEntryAsync(string site, CancellationToken cancellationToken)
    {
        var probes = Probes(site);
        var routes = Plan.Health.VantagePoints.ToDictionary(v => v.Name, v => v.Route, StringComparer.Ordinal);
        var chosen = probes.Where(p => routes[p.Key] == VantageRoute.Entry).SelectMany(p => p.Value).ToList();
        if (chosen.Count == 0)
        {
            chosen = [.. probes.Where(p => routes[p.Key] == VantageRoute.Direct).SelectMany(p => p.Value)];
        }

        if (chosen.Count == 0)
        {
            return false;
        }

        var results = await Task.WhenAll(chosen.Select(p => p.RunAsync(cancellationToken)));
        return results.All(r => r.Success);
    }

    /// <summary>The runbook's notify step: queued for the webhooks, never waiting on them (the step cannot fail on a receiver).</summary>
    private Task Notified(string eventName, string message, string? execution = null)
    {
        Publish(eventName, message, site: ActiveSite, execution: execution);
        return Task.CompletedTask;
    }
}
