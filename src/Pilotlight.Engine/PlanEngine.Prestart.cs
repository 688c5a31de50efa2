using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>
    /// Standby compute started on suspicion: at the first round in which a quorum of vantage points fails to reach the
    /// active site, the standby's instances are
    /// started towards full capacity — still out of the entry, against a read-only replica, so they serve nobody —
    /// and scaled back to pilot capacity once the site has passed <c>recovery_threshold</c> rounds again. A failover
    /// that follows finds them starting or ready instead of paying a cold start on its critical path.
    /// </summary>
    private sealed class Prestart(PlanEngine engine, Plan plan, Action<WatchEvent> report, TimeProvider clock)
    {
        private Task? _starting;
        private string? _site;
        private int _quietRounds;

        /// <summary>Never waits on the compute itself: starting and scaling back run beside the probe loop.</summary>
        public void AfterRound(string active, IReadOnlyList<ProbeObservation> round, bool standbyIsReplica, CancellationToken cancellationToken)
        {
            var standby = plan.OtherSite(active);

            // Suspicion needs as many vantage points as a verdict would (a dead entry alone is no reason): on one
            // machine, starting compute steals CPU from the very probes that judge the site.
            var failing = round.Where(o => !o.Success).Select(o => o.VantagePoint).Distinct(StringComparer.Ordinal).Count();
            if (failing >= plan.Health.Quorum)
            {
                _quietRounds = 0;
                // Only a standby that can take over is worth starting: never a fenced old primary's site.
                if (_starting is null && standbyIsReplica)
                {
                    var full = plan.Capacity[standby].Full;
                    var failed = round.First(o => !o.Success);
                    report(new WatchEvent(clock.GetUtcNow(), "prestart", $"site {active} failed a probe ({failed.VantagePoint}/{failed.Probe}: {failed.Detail}): starting site {standby}'s compute ({full.Desired} instances, out of the entry) ahead of any decision"));
                    (_site, _starting) = (standby, StartAsync(standby, full, cancellationToken));
                }

                return;
            }

            if (failing == 0 && _starting is { IsCompleted: true } && ++_quietRounds >= plan.Health.RecoveryThreshold)
            {
                var site = _site!;
                Forget();
                _ = ScaleBackAsync(site, cancellationToken);
            }
        }

        /// <summary>A failover ran: its own scale-compute owns the standby's compute now.</summary>
        public void Forget() => (_starting, _site, _quietRounds) = (null, null, 0);

        private Task ScaleBackAsync(string site, CancellationToken cancellationToken) => GuardAsync($"scaling site {site}'s compute back to pilot capacity", async () =>
        {
            if (engine.ActiveSite == site)
            {
                return;
            }

            var pilot = plan.Capacity[site].Pilot;
            await engine.Providers.Compute.ScaleToAsync(site, pilot, cancellationToken);
            report(new WatchEvent(clock.GetUtcNow(), "prestart", $"the active site answers again: site {site}'s compute back to pilot capacity ({pilot.Desired})"));
        }, cancellationToken);

        private Task StartAsync(string site, Capacity full, CancellationToken cancellationToken) =>
            GuardAsync($"starting site {site}'s compute ahead of a decision", () => engine.Providers.Compute.ScaleToAsync(site, full, cancellationToken), cancellationToken);

        /// <summary>Runs beside the probe loop: a failure is reported, never thrown; the controller stopping ends it quietly.</summary>
        private async Task GuardAsync(string what, Func<Task> action, CancellationToken cancellationToken)
        {
            try
            {
                await action();
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is InvalidOperationException or IOException or TimeoutException or ArgumentOutOfRangeException)
            {
                report(new WatchEvent(clock.GetUtcNow(), "error", $"{what} failed: {e.Message.ReplaceLineEndings(" ")}"));
            }
            catch (OperationCanceledException)
            {
                // The controller stops; the supervisor keeps whatever was last asked for.
            }
        }
    }
}
