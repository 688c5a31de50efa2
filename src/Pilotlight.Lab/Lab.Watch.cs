using System.Collections.Immutable;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Readiness;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>
    /// The controller: probes the active site from the plan's vantage points every interval, keeps the standby's
    /// lag for the RPO gate, decides by the plan's policy when the site is down, runs the failover, and keeps a
    /// returning old primary fenced. It resumes an interrupted execution first, and skips rounds while another
    /// process runs one, so it never reacts to the transient states an execution causes.
    /// </summary>
    public async Task WatchAsync(Action<WatchEvent> report, bool force, CancellationToken cancellationToken, Action<WatchSnapshot>? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        RequireLab();
        var plan = ReadPlan();
        var clock = TimeProvider.System;
        var databases = new PostgresDatabaseProvider(LabLayout.Sites.ToDictionary(s => s, Database));
        var monitor = new HealthMonitor(plan.Health, clock);
        var watched = State.ActiveSite;
        TimeSpan? standbyLag = null;
        var awaiting = false;
        ApprovalRequest? approval = null;
        ReadinessReport? readiness = null;
        var round = 0;
        report(new WatchEvent(clock.GetUtcNow(), "watch", $"watching site {watched}: {string.Join(", ", plan.Health.VantagePoints.Select(v => v.Name))} every {plan.Health.Interval.TotalMilliseconds:0} ms, down after {plan.Health.FailureThreshold} failures from {plan.Health.Quorum} vantage point(s)"));
        using var timer = new PeriodicTimer(plan.Health.Interval, clock);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                if (Unfinished() is not null)
                {
                    await RunFailoverAsync(report, clock, "resuming an interrupted failover", cancellationToken);
                    monitor = new HealthMonitor(plan.Health, clock);
                    continue;
                }

                if (ExecutionRunning())
                {
                    continue;
                }

                if (approval is not null)
                {
                    var answer = AnswerOf(approval, clock.GetUtcNow());
                    if (answer is ApprovalAnswer.Approved or ApprovalAnswer.ApprovedByTimeout)
                    {
                        File.WriteAllText(AnswerPath(approval.Id), "approved");
                        report(new WatchEvent(clock.GetUtcNow(), "decision", $"approval {approval.Id}: {(answer == ApprovalAnswer.Approved ? "approved by an operator" : "approved: nobody answered within approval_timeout")}"));
                        approval = null;
                        await RunFailoverAsync(report, clock, $"failing over from {watched} (approved)", cancellationToken);
                        monitor = new HealthMonitor(plan.Health, clock);
                        continue;
                    }

                    if (answer == ApprovalAnswer.Denied)
                    {
                        report(new WatchEvent(clock.GetUtcNow(), "decision", $"approval {approval.Id}: denied by an operator; no failover"));
                        approval = null;
                    }
                }

                var active = State.ActiveSite;
                if (active != watched)
                {
                    (watched, monitor, awaiting) = (active, new HealthMonitor(plan.Health, clock), false);
                    report(new WatchEvent(clock.GetUtcNow(), "watch", $"now watching site {active}"));
                }

                var standby = LabLayout.OtherSite(active);
                var standbyStatus = await databases.GetStatusAsync(standby, cancellationToken);
                if (standbyStatus.Role == DatabaseRole.Standby)
                {
                    standbyLag = standbyStatus.LagTime;
                }
                else if (standbyStatus.Role == DatabaseRole.Primary && !await databases.IsFencedAsync(standby, cancellationToken))
                {
                    // Split brain: the old primary came back believing it is primary. Keep it out and read-only.
                    await Entry.FenceAsync(standby, cancellationToken);
                    await databases.FenceAsync(standby, cancellationToken);
                    report(new WatchEvent(clock.GetUtcNow(), "fence", $"site {standby}'s database came back as a writable primary: fenced (read-only, out of the entry)"));
                }

                // Readiness is evaluated continuously (every fourth round) and reported when it changes.
                if (round++ % 4 == 0)
                {
                    var next = await ReadinessAsync(cancellationToken);
                    if (readiness is null || next.Ready != readiness.Ready || (!next.Ready && Failing(next) != Failing(readiness)))
                    {
                        report(new WatchEvent(clock.GetUtcNow(), "ready", next.Ready ? $"READY: site {next.Standby} can take over" : $"NOT READY: {Failing(next)}"));
                    }

                    readiness = next;
                }

                var events = await monitor.RoundAsync(active, Probes(plan, active), cancellationToken);
                snapshot?.Invoke(new WatchSnapshot(
                    clock.GetUtcNow(),
                    active,
                    monitor.Tracker.HealthOf(active),
                    plan.Health.VantagePoints.ToImmutableDictionary(v => v.Name, v => monitor.Tracker.HealthOf(active, v.Name)),
                    standbyLag,
                    readiness));
                foreach (var healthEvent in events)
                {
                    report(new WatchEvent(healthEvent.At, "health", healthEvent.Summary));
                    if (healthEvent.Kind == HealthEventKind.SiteRecovered)
                    {
                        awaiting = false;
                    }

                    if (healthEvent.Kind != HealthEventKind.SiteDown || awaiting)
                    {
                        continue;
                    }

                    var decision = FailoverDecision.Decide(plan.Failover, standbyLag, force);
                    report(new WatchEvent(clock.GetUtcNow(), "decision", $"{decision.Verdict.ToString().ToLowerInvariant()}: {decision.Reason}"));
                    if (decision.Verdict == FailoverVerdict.Proceed)
                    {
                        await RunFailoverAsync(report, clock, $"failing over from {active}", cancellationToken);
                        monitor = new HealthMonitor(plan.Health, clock);
                    }
                    else if (decision.Verdict == FailoverVerdict.AwaitApproval)
                    {
                        awaiting = true;
                        approval = RequestApproval(FailoverRunbook.Kind(active, standby), decision.Reason, plan.Failover.ApprovalTimeout);
                        report(new WatchEvent(clock.GetUtcNow(), "approval", $"failover {active}->{standby} waits for approval {approval.Id}: pilotlight approve {approval.Id} (or deny){(approval.AutoApproveAt is { } at ? $"; approved by itself at {at:HH:mm:ss}" : "")}"));
                        try
                        {
                            await NotifyAsync("failover.approval-requested", $"{decision.Reason}; approve with: pilotlight approve {approval.Id}", cancellationToken);
                        }
                        catch (HttpRequestException e)
                        {
                            report(new WatchEvent(clock.GetUtcNow(), "notify", $"a webhook failed: {e.Message}"));
                        }
                    }
                    else
                    {
                        awaiting = true;
                        report(new WatchEvent(clock.GetUtcNow(), "decision", "waiting for an operator: pilotlight failover runs it now"));
                    }
                }
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                // Stopping: a call cut short by the cancellation may surface as its own error.
                throw new OperationCanceledException("the controller was stopped", e, cancellationToken);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException or LabException)
            {
                // A transient failure of one round never stops the controller: it reports it and probes again.
                report(new WatchEvent(clock.GetUtcNow(), "error", $"round failed: {e.Message.ReplaceLineEndings(" ")}"));
            }
        }
    }

    private static string Failing(ReadinessReport report) => string.Join("; ", report.Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}"));

    private async Task RunFailoverAsync(Action<WatchEvent> report, TimeProvider clock, string why, CancellationToken cancellationToken)
    {
        report(new WatchEvent(clock.GetUtcNow(), "failover", why));
        var result = await FailoverAsync(entry => report(new WatchEvent(entry.At, "step", $"{entry.Type} {entry.Step} {entry.Detail}".Trim())), cancellationToken);
        report(new WatchEvent(clock.GetUtcNow(), "failover", $"{result.Kind} {result.Outcome.ToString().ToLowerInvariant()}", result));
    }

    private bool ExecutionRunning()
    {
        try
        {
            using var probe = new FileStream(Path.Combine(Layout.StateDirectory, "execution.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The plan's probes of a site, per vantage point: through the entry, or straight at the site's parts.</summary>
    private Dictionary<string, IReadOnlyList<IProbe>> Probes(Plan plan, string site)
    {
        var timeout = plan.Health.Timeout;
        var result = new Dictionary<string, IReadOnlyList<IProbe>>(StringComparer.Ordinal);
        foreach (var vantage in plan.Health.VantagePoints)
        {
            var probes = new List<IProbe>();
            foreach (var spec in plan.Health.Probes)
            {
                switch (spec, vantage.Route)
                {
                    case (HttpProbeSpec http, VantageRoute.Entry):
                        probes.Add(new HttpProbe(http.Name, http.Url ?? new Uri(Layout.EntryUrl, http.Path), http.ExpectStatus, $"\"site\":\"{site}\"", http.MaxLatency, timeout, Http));
                        break;
                    case (HttpProbeSpec http, VantageRoute.Direct) when http.Path is { } path:
                        probes.Add(new AnyOfProbe(http.Name, [.. Enumerable.Range(0, LabLayout.InstancesPerSite).Select(i =>
                            new HttpProbe(http.Name, new Uri($"http://{Host(site)}:{Layout.InstanceBasePort(site) + i}{path}"), http.ExpectStatus, http.BodyContains, http.MaxLatency, timeout, Http))]));
                        break;
                    case (SqlProbeSpec sql, VantageRoute.Direct):
                        probes.Add(new SqlProbe(sql.Name, Database(site).Connection("postgres", pooling: false), sql.Query));
                        break;
                    case (TcpProbeSpec tcp, _):
                        probes.Add(new TcpProbe(tcp.Name, tcp.Address?.Host ?? (vantage.Route == VantageRoute.Entry ? "127.0.0.1" : Host(site)), tcp.Address?.Port ?? (vantage.Route == VantageRoute.Entry ? Layout.EntryPort : Layout.DatabasePort(site)), timeout));
                        break;
                }
            }

            if (probes.Count > 0)
            {
                result[vantage.Name] = probes;
            }
        }

        return result;
    }
}
