using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Readiness;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>
    /// The controller's observer, beside the probe loop and never on its path: every interval it asks the standby's
    /// database for its status (each question bounded by the provider's timeout), keeps the last proof that it had
    /// replayed the primary's commits, fences an old primary that answers as a writable primary again, and evaluates
    /// readiness every fourth round, reporting it when it changes.
    /// </summary>
    private async Task ObserveAsync(Plan plan, ControllerObservations observations, Action<WatchEvent> report, TimeProvider clock, CancellationToken cancellationToken)
    {
        var databases = new PostgresDatabaseProvider(LabLayout.Sites.ToDictionary(s => s, Database));
        using var timer = new PeriodicTimer(plan.Health.Interval, clock);
        var round = 0;
        do
        {
            try
            {
                if (!Exists || File.Exists(Layout.DownMarkerPath) || ExecutionRunning())
                {
                    continue;
                }

                var active = State.ActiveSite;
                var standby = LabLayout.OtherSite(active);
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

                if (round++ % 4 == 0)
                {
                    var next = await ReadinessAsync(status, cancellationToken);
                    var previous = observations.Readiness;
                    if (previous is null || next.Ready != previous.Ready || (!next.Ready && Failing(next) != Failing(previous)))
                    {
                        report(new WatchEvent(clock.GetUtcNow(), "ready", next.Ready ? $"READY: site {next.Standby} can take over" : $"NOT READY: {Failing(next)}"));
                    }

                    observations.Readiness = next;
                }
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                throw new OperationCanceledException("the controller was stopped", e, cancellationToken);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException or LabException or InvalidOperationException)
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
    private async Task FenceReturningPrimaryAsync(PostgresDatabaseProvider databases, string site, Action<WatchEvent> report, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Held: an execution runs, and owns the sites now.
        if (LabLock.TryAcquire(ExecutionLockPath) is not { } executionLock)
        {
            return;
        }

        await using (executionLock)
        {
            // A failover interrupted between promotion and the switch leaves the new primary on the site not yet
            // recorded active: that is the execution's business (it is resumed), not a split brain.
            if (State.ActiveSite == site || Unfinished() is not null)
            {
                return;
            }

            await Entry.FenceAsync(site, cancellationToken);
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
                await Compute(site).FenceAsync(cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"its compute: {e.Message}");
            }

            report(new WatchEvent(clock.GetUtcNow(), "fence", problems.Count == 0
                ? $"site {site}'s database came back as a writable primary: fenced (out of the entry, server stopped and marked standby, compute stopped)"
                : $"site {site}'s database came back as a writable primary: out of the entry, but NOT fenced: {string.Join("; ", problems)}"));
        }
    }

    private string ExecutionLockPath => Path.Combine(Layout.StateDirectory, "execution.lock");

    private static string Failing(ReadinessReport report) => string.Join("; ", report.Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}"));
}
