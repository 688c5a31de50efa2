using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Engine.Drills;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    private Core.Drills.DrillParts DrillParts(DrillRecord record, string executionId, string from, string to, Action<Func<DrillRecord, DrillRecord>> update, Func<DrillRecord> current)
    {
        var live = record.Mode == DrillMode.Live;
        var cloneName = CloneName(executionId);
        var faults = Options.Faults;
        return new Core.Drills.DrillParts
        {
            PlanFingerprint = Fingerprint,
            InjectFault = faults is null ? null : async ct =>
            {
                var measuredAt = Clock.GetUtcNow();
                await MeasureLagAsync(to, "the standby's status just before the fault, plus the time until the fault", update, ct);
                await faults.InjectAsync(from, record.Fault, ct);
                // Writes kept landing between the measurement and the fault: the lag at the failure is at most both.
                var injectedAt = Clock.GetUtcNow();
                update(r => r with { FaultInjectedAt = injectedAt, LagAtFailureSeconds = r.LagAtFailureSeconds + (injectedAt - measuredAt).TotalSeconds });
            },
            FaultInjected = _ => Task.FromResult(current().FaultInjectedAt is not null),
            DetectLoss = ct => DetectLossAsync(from, update, ct),
            LossDetected = () => current().Detection is not null,
            RecoverSite = faults is null ? null : ct => faults.RecoverAsync(from, ct),
            CloneDatabase = async ct =>
            {
                var clones = Providers.Database as IDatabaseClone ?? throw new EngineException("the database provider cannot clone a site's database");
                update(r => r with { CloneStartedAt = r.CloneStartedAt ?? Clock.GetUtcNow() });
                var clone = await clones.CloneAsync(to, cloneName, ClonePort(to), ct);
                update(r => r with { CloneServer = new DatabaseCloneRecord(clone.Site, clone.Name, clone.Host, clone.Port, clone.DataDirectory, clone.Lsn) });
            },
            StartCompute = async ct =>
            {
                var compute = Providers.Compute as IIsolatedCompute ?? throw new EngineException("the compute provider cannot start isolated instances");
                var clone = current().CloneServer ?? throw new EngineException("the clone is not recorded: clone-database did not finish");
                var instances = await compute.StartIsolatedAsync(to, cloneName, Plan.Capacity[to].Full.Desired, new DatabaseClone(clone.Site, clone.Name, clone.Host, clone.Port, clone.DataDirectory) { Lsn = clone.Lsn }, ct);
                update(r => r with { Addresses = [.. instances.Select(i => i.Address ?? string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{i.Port}"))] });
            },
            StopCompute = ct => Providers.Compute is IIsolatedCompute compute ? compute.StopIsolatedAsync(to, cloneName, ct) : Task.CompletedTask,
            DropClone = ct => Providers.Database is IDatabaseClone clones ? clones.DropCloneAsync(to, cloneName, ct) : Task.CompletedTask,
            SmokeChecks = async ct =>
            {
                var checks = SmokeRunner.ChecksOf(Plan, to);
                var results = ImmutableArray.CreateBuilder<SmokeResult>();
                var spent = System.Diagnostics.Stopwatch.StartNew();
                if (live)
                {
                    var entry = Providers.Traffic.EntryUrl ?? throw new EngineException("the traffic provider does not say where the entry answers (entry_url): a live drill's smoke checks run through it");
                    results.AddRange(await SmokeRunner.RunAsync(checks, entry, executionId, Clock, spent, ct));
                }
                else
                {
                    foreach (var address in current().Addresses)
                    {
                        results.AddRange(await SmokeRunner.RunAsync(checks, new Uri($"http://{address}"), executionId, Clock, spent, ct));
                    }
                }

                var passed = results.Count > 0 && results.All(r => r.Passed);
                update(r => r with { Smoke = results.ToImmutable(), SmokeChecked = true, ServingAt = passed ? Clock.GetUtcNow() : null });
            },
            SmokeChecked = () => current().SmokeChecked,
            SmokeSummary = () => current().SmokeChecked ? SmokeRunner.Summary(current().Smoke) : null,
            SmokeFailure = () => current() is { SmokeChecked: true, Smoke: var smoke } && smoke.Length > 0 && smoke.All(r => r.Passed) ? null : SmokeRunner.Summary(current().Smoke),
            Hold = async ct =>
            {
                if (current().HoldUntil is null)
                {
                    update(r => r with { HoldUntil = Clock.GetUtcNow() + TimeSpan.FromSeconds(r.DurationSeconds) });
                }

                // A live drill holds the execution lock, so the controller does not watch the site serving it: the
                // hold does, as the controller would, and gives way the moment that site is declared down.
                var watch = live ? new HealthMonitor(Plan.Health, Clock) : null;
                var probes = live ? Probes(to) : null;

                // A timer may fire a little before the clock reads the deadline: wait until it does.
                for (var left = current().HoldUntil!.Value - Clock.GetUtcNow(); left > TimeSpan.Zero; left = current().HoldUntil!.Value - Clock.GetUtcNow())
                {
                    if (watch is null)
                    {
                        await Task.Delay(left + TimeSpan.FromMilliseconds(1), Clock, ct);
                        continue;
                    }

                    var down = (await watch.RoundAsync(to, probes!, ct)).FirstOrDefault(e => e.Kind == HealthEventKind.SiteDown);
                    if (down is not null)
                    {
                        throw new EngineException($"{down.Summary}, during the hold: the drill stops here and leaves site {to} to the controller (a switchover back needs site {to} alive; a failover does not)");
                    }

                    var nap = current().HoldUntil!.Value - Clock.GetUtcNow();
                    if (nap <= TimeSpan.Zero)
                    {
                        break;
                    }

                    await Task.Delay((nap < Plan.Health.Interval ? nap : Plan.Health.Interval) + TimeSpan.FromMilliseconds(1), Clock, ct);
                }
            },
            Held = () => current().HoldUntil is { } until && Clock.GetUtcNow() >= until,
            CheckPilotLight = async ct =>
            {
                if (ActiveSite != from)
                {
                    throw new EngineException($"site {ActiveSite} is active, not site {from}");
                }

                var report = await ReadinessAsync(ct);
                for (var round = 1; !report.Ready && round < 60; round++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), Clock, ct);
                    report = await ReadinessAsync(ct);
                }

                if (!report.Ready)
                {
                    throw new EngineException($"site {to} is not ready to take over again: {Failing(report)}");
                }
            },
        };
    }

    /// <summary>A name for the clone and its instances, unique per execution: letters, digits and dashes.</summary>
    internal static string CloneName(string executionId) =>
        "drill-" + new string([.. executionId.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(16)]);

    /// <summary>The port the plan sets aside for a clone of the site's database; a drill without one is refused before it starts.</summary>
    private int ClonePort(string site) =>
        (Providers.Database as IDatabaseClone)?.ClonePort(site)
        ?? throw new EngineException($"the plan sets no port for a clone of site {site}'s database: give its database site a drill_port");

    /// <summary>Records the standby's lag now: bytes not yet replayed, and their age (zero when nothing is unreplayed).</summary>
    private async Task MeasureLagAsync(string standby, string source, Action<Func<DrillRecord, DrillRecord>> update, CancellationToken cancellationToken)
    {
        if (Providers.Database is not { } database)
        {
            return;
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var status = await database.GetStatusAsync(standby, bound.Token);
            var seconds = status.LagBytes == 0 ? 0 : status.LagTime?.TotalSeconds;
            update(r => r with { LagAtFailureBytes = status.LagBytes, LagAtFailureSeconds = seconds, LagSource = status.Problem is null ? source : $"{source}: {status.Problem}" });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            update(r => r with { LagSource = $"{source}: no answer within 3s" });
        }
    }

    /// <summary>Probes the lost site as the controller does until its health is down, and records the votes.</summary>
    private async Task DetectLossAsync(string site, Action<Func<DrillRecord, DrillRecord>> update, CancellationToken cancellationToken)
    {
        var monitor = new HealthMonitor(Plan.Health, Clock);
        var probes = Probes(site);
        var detection = new DetectionTracker(Plan.Health);
        using var timer = new PeriodicTimer(Plan.Health.Interval, Clock);
        do
        {
            await monitor.RoundAsync(site, probes, cancellationToken);
            detection.Observe(monitor.LastRound, Clock.GetUtcNow());
            if (monitor.Tracker.HealthOf(site) == SiteHealth.Down)
            {
                var found = detection.Snapshot(site, monitor.Tracker, Clock.GetUtcNow(), "proceed", $"site {site} declared down by {Plan.Health.Quorum} vantage point(s) after {Plan.Health.FailureThreshold} failed rounds; a drill fails over at once");
                update(r => r with { Detection = found });
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>Stops the isolated instances and drops the clone, whatever state they are in; returns what could not be done.</summary>
    private async Task<ImmutableArray<string>> TearDownIsolatedAsync(string site, string executionId, CancellationToken cancellationToken)
    {
        var name = CloneName(executionId);
        var problems = ImmutableArray.CreateBuilder<string>();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            if (Providers.Compute is IIsolatedCompute compute)
            {
                await compute.StopIsolatedAsync(site, name, bound.Token);
            }
        }
        catch (Exception e) when (IsTransient(e) || e is OperationCanceledException)
        {
            problems.Add($"teardown: the isolated instances {name} could not be stopped: {e.Message.ReplaceLineEndings(" ")}");
        }

        try
        {
            if (Providers.Database is IDatabaseClone clones)
            {
                await clones.DropCloneAsync(site, name, bound.Token);
            }
        }
        catch (Exception e) when (IsTransient(e) || e is OperationCanceledException)
        {
            problems.Add($"teardown: the clone {name} could not be dropped: {e.Message.ReplaceLineEndings(" ")}");
        }

        return problems.ToImmutable();
    }
}
