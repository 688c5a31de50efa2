using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Readiness;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>
    /// The controller's observer, beside the probe loop and never on its path: every interval it asks the standby's
    /// database for its status (each question bounded by the provider's timeout), keeps the last proof that it had
    /// replayed the primary's commits, fences an old primary that answers as a writable primary again, and evaluates
    /// readiness every fourth round, reporting it when it changes.
    /// </summary>
    private async Task ObserveAsync(Plan plan, ControllerObservations observations, Action<WatchEvent> report, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(plan.Health.Interval, clock);
        var round = 0;
        do
        {
            try
            {
                if (!File.Exists(PlanPath) || File.Exists(Layout.StopMarkerPath) || ExecutionRunning())
                {
                    continue;
                }

                var active = ActiveSite;
                var standby = Plan.OtherSite(active);
                if (Providers.Database is not { } databases)
                {
                    await ObserveReadinessAsync(round++, null, observations, report, clock, cancellationToken);
                    continue;
                }

                var askedAt = clock.GetUtcNow();
                var status = await databases.GetStatusAsync(standby, cancellationToken);
                if (observations.Observe(active, standby, status, askedAt) is { } proof)
                {
                    SaveProof(proof);
                }

                if (status.Role == DatabaseRole.Primary)
                {
                    await FenceReturningPrimaryAsync(databases, standby, report, clock, cancellationToken);
                }

                await ObserveReadinessAsync(round++, status, observations, report, clock, cancellationToken);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                throw new OperationCanceledException("the controller was stopped", e, cancellationToken);
            }
            catch (Exception e) when (IsTransient(e))
            {
                report(new WatchEvent(clock.GetUtcNow(), "error", $"observation failed: {e.Message.ReplaceLineEndings(" ")}"));
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>
    /// Split brain: the site that is not active answers as a writable primary (an old primary back from a freeze
    /// whose fence could not be applied, or restarted by hand). It is fenced at once — out of the entry, its server
    /// stopped and marked standby, its compute stopped — under the execution lock, so never during an execution.
    /// </summary>
    private async Task FenceReturningPrimaryAsync(IDatabaseProvider databases, string site, Action<WatchEvent> report, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Held: an execution runs, and owns the sites now.
        if (StateLock.TryAcquire(Layout.ExecutionLockPath) is not { } executionLock)
        {
            return;
        }

        await using (executionLock)
        {
            // A failover interrupted between promotion and the switch leaves the new primary on the site not yet
            // recorded active: that is the execution's business (it is resumed), not a split brain.
            if (ActiveSite == site || Unfinished() is not null)
            {
                return;
            }

            await Providers.Traffic.FenceAsync(site, cancellationToken);
            var problems = new List<string>();
            try
            {
                await databases.FenceAsync(site, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"its database: {e.Message}");
            }

            try
            {
                await Providers.Compute.FenceAsync(site, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"its compute: {e.Message}");
            }

            RecordSites(s => s with { Fenced = [.. s.Fenced.Union([site])] }, "fenced a returning primary");
            report(new WatchEvent(clock.GetUtcNow(), "fence", problems.Count == 0
                ? $"site {site}'s database came back as a writable primary: fenced (out of the entry, server stopped and marked standby, compute stopped)"
                : $"site {site}'s database came back as a writable primary: out of the entry, but NOT fenced: {string.Join("; ", problems)}"));
        }
    }

    /// <summary>
    /// Every fourth round: readiness, reported when it changes, and the site state cross-checked against the entry —
    /// an entry that routes elsewhere than the site state says is an event, never a silent overwrite of either.
    /// </summary>
    private async Task ObserveReadinessAsync(int round, DatabaseStatus? standbyStatus, ControllerObservations observations, Action<WatchEvent> report, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (round % 4 != 0)
        {
            return;
        }

        var next = await ReadinessAsync(standbyStatus, cancellationToken);
        var previous = observations.Readiness;
        PublishReadiness(previous, next);
        if (previous is null || next.Ready != previous.Ready || (!next.Ready && Failing(next) != Failing(previous)))
        {
            report(new WatchEvent(clock.GetUtcNow(), "ready", next.Ready ? $"READY: site {next.Standby} can take over" : $"NOT READY: {Failing(next)}"));
        }

        observations.Readiness = next;
        var routed = next.RoutedSite;
        var disagreement = routed is { } site && site != ActiveSite ? $"the site state says site {ActiveSite} is active, but the entry routes to site {site}" : null;
        if (disagreement != observations.Disagreement)
        {
            observations.Disagreement = disagreement;
            if (disagreement is not null)
            {
                report(new WatchEvent(clock.GetUtcNow(), "disagreement", $"{disagreement}; neither is changed: look at who switched the entry ({Layout.SiteStatePath})"));
            }
        }
    }

    /// <summary>A failure of one round that the controller reports and survives: a provider's I/O, a timeout, a refused operation.</summary>
    private static bool IsTransient(Exception e) =>
        e is System.Data.Common.DbException or HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException or EngineException or InvalidOperationException or ArgumentException;

    private static string Failing(ReadinessReport report) => string.Join("; ", report.Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}"));
}
