using System.Collections.Immutable;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Health;
using Pilotlight.Core.Notifications;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Core.State;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>Failed failovers in a row after which the controller stops trying until something changes.</summary>
    public const int MaxFailoverAttempts = 3;

    /// <summary>
    /// The controller: probes the active site from the plan's vantage points every interval — nothing else runs on
    /// that path, so a frozen or partitioned site is declared down as fast as a killed one — while an observer beside
    /// it keeps the standby's status, the proof of what it had replayed, readiness, and fences a returning old
    /// primary. When the site is down it decides by the plan's policy and the data at risk, and runs the failover:
    /// at most <see cref="MaxFailoverAttempts"/> failed attempts with backoff, then it waits for a change. It resumes
    /// an interrupted execution first, skips rounds while another process runs one, and stops with one line when the
    /// plan file is gone or its systems were taken down on purpose (<see cref="EngineLayout.StopMarkerPath"/>).
    /// </summary>
    public async Task WatchAsync(Action<WatchEvent> report, bool force, CancellationToken cancellationToken, Action<WatchSnapshot>? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plan = Plan;
        var clock = Clock;
        _ = Sites;
        _ = Providers;
        Unfinished();
        Directory.CreateDirectory(Layout.StateDirectory);
        var gate = new Lock();
        void Report(WatchEvent e)
        {
            lock (gate)
            {
                report(e);
            }
        }

        var observations = new ControllerObservations(clock, LoadProof());
        using var notDelivered = ReportNotDelivered(Report);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var observer = ObserveAsync(plan, observations, Report, clock, stopping.Token);
        var prober = ProbeAsync(plan, observations, Report, force, clock, snapshot, stopping.Token);
        var scheduler = ScheduleAsync(observations, Report, clock, stopping.Token);
        var first = await Task.WhenAny(observer, prober, scheduler.ContinueWith(t => t.IsCompletedSuccessfully ? Task.Delay(Timeout.Infinite, stopping.Token) : t, TaskScheduler.Default).Unwrap());
        await stopping.CancelAsync();
        try
        {
            await first;
        }
        finally
        {
            try
            {
                await Task.WhenAll(observer, prober, scheduler);
            }
            catch (OperationCanceledException)
            {
                // The other loop, stopped by this one's end.
            }
        }
    }

    private async Task ProbeAsync(Plan plan, ControllerObservations observations, Action<WatchEvent> report, bool force, TimeProvider clock, Action<WatchSnapshot>? snapshot, CancellationToken cancellationToken)
    {
        var monitor = new HealthMonitor(plan.Health, clock);
        var watched = ActiveSite;
        var decision = new DecisionState();
        var prestart = new Prestart(this, plan, report, clock);
        var detection = new Drills.DetectionTracker(plan.Health);
        ApprovalRequest? approval = null;
        report(new WatchEvent(clock.GetUtcNow(), "watch", $"watching site {watched}: {string.Join(", ", plan.Health.VantagePoints.Select(v => v.Name))} every {plan.Health.Interval.TotalMilliseconds:0} ms, down after {plan.Health.FailureThreshold} failures from {plan.Health.Quorum} vantage point(s)"));
        using var timer = new PeriodicTimer(plan.Health.Interval, clock);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            // Not a transient failure: with no plan, acting would act on something else.
            if (!File.Exists(PlanPath))
            {
                throw new EngineException($"the plan {PlanPath} is gone: the controller stops");
            }

            if (File.Exists(Layout.StopMarkerPath))
            {
                throw new EngineException($"the plan's systems were taken down on purpose ({Layout.StopMarkerPath} exists, e.g. written by lab down): the controller stops");
            }

            try
            {
                // Another process running an execution owns the sites; an unfinished journal nobody runs is resumed.
                if (ExecutionRunning())
                {
                    continue;
                }

                if (Unfinished() is not null)
                {
                    await ResumeInterruptedAsync(report, clock, cancellationToken);
                    monitor = new HealthMonitor(plan.Health, clock);
                    prestart.Forget();
                    continue;
                }

                var active = ActiveSite;
                var standby = plan.OtherSite(active);
                if (active != watched)
                {
                    (watched, monitor, decision, detection) = (active, new HealthMonitor(plan.Health, clock), new DecisionState(), new Drills.DetectionTracker(plan.Health));
                    prestart.Forget();
                    report(new WatchEvent(clock.GetUtcNow(), "watch", $"now watching site {active}"));
                }

                if (approval is not null)
                {
                    var answer = AnswerOf(approval, clock.GetUtcNow());
                    if (answer is ApprovalAnswer.Approved or ApprovalAnswer.ApprovedByTimeout)
                    {
                        WriteAnswer(approval.Id, "approved");
                        report(new WatchEvent(clock.GetUtcNow(), "decision", $"approval {approval.Id}: {(answer == ApprovalAnswer.Approved ? "approved by an operator" : "approved: nobody answered within approval_timeout")}"));
                        var reason = $"{approval.Reason}; approved ({(answer == ApprovalAnswer.Approved ? "by an operator" : "by approval_timeout")})";
                        approval = null;
                        PendDetection(detection.Snapshot(active, monitor.Tracker, clock.GetUtcNow(), "approved", reason), null);
                        await AttemptFailoverAsync(decision, observations, active, standby, $"failing over from {active} (approved)", reason, report, clock, cancellationToken);
                        continue;
                    }

                    if (answer == ApprovalAnswer.Denied)
                    {
                        report(new WatchEvent(clock.GetUtcNow(), "decision", $"approval {approval.Id}: denied by an operator; no failover"));
                        approval = null;
                    }
                }

                var events = await monitor.RoundAsync(active, Probes(active), cancellationToken);
                detection.Observe(monitor.LastRound, clock.GetUtcNow());
                prestart.AfterRound(active, monitor.LastRound, observations.Standby?.Role == DatabaseRole.Standby, cancellationToken);
                var risk = observations.Estimate(active, standby);
                snapshot?.Invoke(new WatchSnapshot(
                    clock.GetUtcNow(),
                    active,
                    monitor.Tracker.HealthOf(active),
                    plan.Health.VantagePoints.ToImmutableDictionary(v => v.Name, v => monitor.Tracker.HealthOf(active, v.Name)),
                    observations.Standby?.LagTime,
                    observations.Readiness,
                    risk) { StandbySite = standby });
                foreach (var healthEvent in events)
                {
                    report(new WatchEvent(healthEvent.At, "health", healthEvent.Summary));
                    PublishHealth(healthEvent);
                    if (healthEvent.Kind == HealthEventKind.SiteDown)
                    {
                        CancelRunningDrill(healthEvent.Summary, report, clock);
                    }

                    if (healthEvent.Kind == HealthEventKind.SiteRecovered)
                    {
                        decision = new DecisionState();
                    }
                }

                if (monitor.Tracker.HealthOf(active) != SiteHealth.Down || !decision.MayDecide(observations.Standby, clock.GetUtcNow()))
                {
                    continue;
                }

                var verdict = FailoverDecision.Decide(plan.Failover, risk, force);
                report(new WatchEvent(clock.GetUtcNow(), "decision", $"{verdict.Verdict.ToString().ToLowerInvariant()}: {verdict.Reason}"));
                if (verdict.Verdict == FailoverVerdict.Proceed)
                {
                    PendDetection(detection.Snapshot(active, monitor.Tracker, clock.GetUtcNow(), "proceed", verdict.Reason), new Core.Evidence.DataLoss(risk.Loss?.TotalSeconds, observations.Standby?.LagBytes, $"the controller's estimate: {risk.How}", null, null));
                    await AttemptFailoverAsync(decision, observations, active, standby, $"failing over from {active}", verdict.Reason, report, clock, cancellationToken);
                }
                else if (verdict.Verdict == FailoverVerdict.AwaitApproval)
                {
                    decision.Wait();
                    approval = RequestApproval(FailoverRunbook.Kind(active, standby), verdict.Reason, plan.Failover.ApprovalTimeout);
                    report(new WatchEvent(clock.GetUtcNow(), "approval", $"failover {active}->{standby} waits for approval {approval.Id}: {verdict.Reason}; pilotlight approve {approval.Id} (or deny){(approval.AutoApproveAt is { } at ? $"; approved by itself at {at:HH:mm:ss}" : "")}"));
                    Publish(NotificationEvents.FailoverApprovalRequested, $"failover {active}->{standby} waits for approval: {verdict.Reason}; approve with: pilotlight approve {approval.Id}", new Dictionary<string, object?> { ["approval"] = approval.Id, ["auto_approve_at"] = approval.AutoApproveAt }, standby);
                }
                else
                {
                    decision.Wait();
                    report(new WatchEvent(clock.GetUtcNow(), "decision", "waiting for an operator: pilotlight failover runs it now"));
                }
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                // Stopping: a call cut short by the cancellation may surface as its own error.
                throw new OperationCanceledException("the controller was stopped", e, cancellationToken);
            }
            catch (Exception e) when (IsTransient(e) && e is not DamagedStateException)
            {
                // A transient failure of one round never stops the controller: it reports it and probes again.
                report(new WatchEvent(clock.GetUtcNow(), "error", $"round failed: {e.Message.ReplaceLineEndings(" ")}"));
            }
        }
    }

    /// <summary>
    /// One failover attempt: refused at once, with one event, when the standby is unreachable (it could not take
    /// over); after a failure, retried with backoff up to <see cref="MaxFailoverAttempts"/>, then blocked until
    /// something changes.
    /// </summary>
    private async Task AttemptFailoverAsync(DecisionState decision, ControllerObservations observations, string active, string standby, string why, string reason, Action<WatchEvent> report, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (observations.Standby is not { } target || target.Role == DatabaseRole.Unreachable)
        {
            decision.Block(observations.Standby);
            report(new WatchEvent(clock.GetUtcNow(), "blocked", $"cannot fail over: site {standby} is unreachable ({observations.Standby?.Problem ?? "not observed yet"}); waiting until it answers again or an operator acts"));
            return;
        }

        var result = await RunFailoverAsync(report, clock, why, reason, cancellationToken);
        if (result.Outcome == ExecutionOutcome.Succeeded)
        {
            decision.Succeeded();
            return;
        }

        var failedStep = result.Steps.LastOrDefault(s => s.Outcome == StepOutcome.Failed && !(s.Detail ?? "").StartsWith(ExecutionJournal.BestEffortPrefix, StringComparison.Ordinal));
        var what = failedStep is null ? "it failed" : $"{failedStep.Step} failed: {failedStep.Detail}";
        if (decision.Failed(clock.GetUtcNow(), observations.Standby) is { } retryAt)
        {
            report(new WatchEvent(clock.GetUtcNow(), "retry", $"failover attempt {decision.Failures} of {MaxFailoverAttempts} {active}->{standby}: {what}; retrying at {retryAt:HH:mm:ss}"));
        }
        else
        {
            report(new WatchEvent(clock.GetUtcNow(), "blocked", $"cannot fail over: {MaxFailoverAttempts} attempts {active}->{standby} failed (last: {what}); waiting until site {standby} changes or an operator acts"));
        }
    }

    /// <summary>
    /// The active site is down while an isolated drill runs (it holds only the drill lock, so the controller kept
    /// watching): the drill is told to stop and tear down, whatever the controller decides next — the standby's
    /// host is production's again.
    /// </summary>
    private void CancelRunningDrill(string why, Action<WatchEvent> report, TimeProvider clock)
    {
        if (!StateLock.IsHeld(Layout.DrillLockPath))
        {
            return;
        }

        File.WriteAllText(Layout.DrillAbortPath, why);
        report(new WatchEvent(clock.GetUtcNow(), "drill", $"the running drill is cancelled: {why}"));
    }

    /// <summary>An interrupted execution nobody runs is the controller's to finish, whatever it does (failover, switchover, failback).</summary>
    private async Task ResumeInterruptedAsync(Action<WatchEvent> report, TimeProvider clock, CancellationToken cancellationToken)
    {
        report(new WatchEvent(clock.GetUtcNow(), "failover", "resuming an interrupted execution"));
        if (await ResumeAsync(entry => report(new WatchEvent(entry.At, "step", $"{entry.Type} {entry.Step} {entry.Detail}".Trim())), cancellationToken) is { } result)
        {
            report(new WatchEvent(clock.GetUtcNow(), "failover", $"{result.Kind} {result.Outcome.ToString().ToLowerInvariant()}", result));
        }
    }

    private async Task<ExecutionResult> RunFailoverAsync(Action<WatchEvent> report, TimeProvider clock, string why, string? reason, CancellationToken cancellationToken)
    {
        report(new WatchEvent(clock.GetUtcNow(), "failover", why));
        var result = await FailoverAsync(entry => report(new WatchEvent(entry.At, "step", $"{entry.Type} {entry.Step} {entry.Detail}".Trim())), cancellationToken, decided: reason);
        report(new WatchEvent(clock.GetUtcNow(), "failover", $"{result.Kind} {result.Outcome.ToString().ToLowerInvariant()}", result));
        return result;
    }
}
