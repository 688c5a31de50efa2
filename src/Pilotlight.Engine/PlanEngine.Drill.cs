using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Drills;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine.Drills;
using Pilotlight.Engine.Load;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>The drill the engine would run now, without running it.</summary>
    public Runbook PlanDrill(DrillRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = DrillRecord.For(request);
        return BuildDrill(record, "(dry run)", ActiveSite, StandbySite, _ => { });
    }

    /// <summary>
    /// A drill, as one execution with one journal and one evidence file: live — the workload moves to the standby
    /// (a planned switchover, or on a lab a real disaster and a failover), the smoke checks run through the entry, it
    /// is held for the duration and comes back (switchover back, or failback) to pilot light; isolated — a clone of
    /// the standby's database serves the standby's compute on side ports, the smoke checks run against it, and all of
    /// it is torn down while production, the entry and replication stay as they were. Refused, changing nothing,
    /// unless the plan is in pilot-light shape and ready. Resumes an interrupted drill (request null).
    /// </summary>
    public async Task<ExecutionResult> DrillAsync(DrillRequest? request, Action<JournalEntry>? observer, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        await using var executionLock = await StateLock.AcquireAsync(Layout.ExecutionLockPath, cancellationToken);
        await using var drillLock = await AcquireDrillLockAsync(cancellationToken);
        File.Delete(Layout.DrillAbortPath);
        var journal = Unfinished(drillLockHeld: true);
        DrillRecord record;
        string from;
        string to;
        if (journal is not null)
        {
            var target = TargetOf(journal);
            if (target.Operation != DrillRunbook.Operation)
            {
                throw new EngineException($"an interrupted {target.Operation} {target.From}->{target.To} is unfinished ({journal.Path}): `pilotlight {target.Operation}` resumes it, or the controller does; no drill starts over it");
            }

            (from, to) = (target.From, target.To);
            record = DrillRecord.Load(DrillRecordPath(journal.Path))
                ?? throw new Core.State.DamagedStateException(DrillRecordPath(journal.Path), $"{DrillRecordPath(journal.Path)}: missing; an interrupted drill keeps its request there — finish it by hand and move its journal out of {Layout.ExecutionsDirectory}");
        }
        else
        {
            ArgumentNullException.ThrowIfNull(request);
            (from, to) = (ActiveSite, StandbySite);
            await RefuseDrillAsync(request, from, to, cancellationToken);
            var started = Clock.GetUtcNow();
            var kind = DrillRunbook.Kind(request.Mode, from, to);
            var id = Options.ExecutionId?.Invoke(started, kind) ?? string.Create(CultureInfo.InvariantCulture, $"{started:yyyyMMdd'T'HHmmss'Z'}-drill-{request.Mode.ToString().ToLowerInvariant()}-{from}-{to}");
            journal = new ExecutionJournal(Path.Combine(Layout.ExecutionsDirectory, $"{id}.jsonl"));
            record = DrillRecord.For(request);
            Directory.CreateDirectory(Layout.ExecutionsDirectory);
            record.Save(DrillRecordPath(journal.Path));
            if (request.Mode == DrillMode.Live && request.Fault == DrillFault.Switchover)
            {
                // The switchover itself loses nothing (the target is promoted only after replaying the final WAL
                // record); the lag when it began is the upper bound a report can give without a ledger.
                var begun = record;
                await MeasureLagAsync(to, "the standby's status when the drill began", change => begun = change(begun), cancellationToken);
                record = begun;
                record.Save(DrillRecordPath(journal.Path));
            }
        }

        var recordPath = DrillRecordPath(journal.Path);
        var gate = new Lock();
        void Update(Func<DrillRecord, DrillRecord> change)
        {
            lock (gate)
            {
                record = change(record);
                record.Save(recordPath);
            }
        }

        var runbook = BuildDrill(record, journal.Id, from, to, Update, () => record);
        var runner = new RunbookRunner(journal, Clock) { Observer = Notifying(journal, observer), AfterStep = Options.AfterStep };
        var notes = ImmutableArray.CreateBuilder<string>();
        if (record.Mode == DrillMode.Isolated && !journal.Read().IsEmpty)
        {
            // An isolated drill interrupted half-way proves nothing by going on (its clone and instances may be
            // gone, its time to serving would be wrong): what it made is torn down and it ends failed.
            notes.AddRange(await TearDownIsolatedAsync(to, journal.Id, CancellationToken.None));
            journal.Append(new JournalEntry(Clock.GetUtcNow(), JournalEntry.Note, Detail: "resumed after an interruption: an interrupted isolated drill is torn down and ends failed; run a new one"));
            journal.Append(new JournalEntry(Clock.GetUtcNow(), JournalEntry.ExecutionFinished, Detail: nameof(ExecutionOutcome.Failed)));
            WriteDrillEvidence(journal, record, from, to, [], null, notes.ToImmutable(), null, null, "");
            return ExecutionResult.From(journal);
        }

        // An isolated drill leaves production alone, so it leaves the execution lock too: the controller keeps
        // watching the active site, and a failover, switchover or failback may start — which cancels the drill.
        if (record.Mode == DrillMode.Isolated)
        {
            await executionLock.DisposeAsync();
        }

        await using var claim = record.Mode == DrillMode.Isolated ? ProductionClaim.Start(Layout, cancellationToken) : null;

        var ledgerPath = Path.ChangeExtension(journal.Path, ".ledger");
        EntryRecorder? entry = null;
        ProductionWatch? production = null;
        Load.LoadRun? load = null;
        ExecutionResult? result = null;
        LoadSummary? loadSummary = null;
        try
        {
            entry = EntryRecorder.Start(Plan, Providers.Traffic.EntryUrl, Clock);
            production = record.Mode == DrillMode.Isolated ? ProductionWatch.Start(this, from, to, Clock) : null;
            if (record.LoadRate is { } rate)
            {
                if (File.Exists(ledgerPath))
                {
                    // A resumed drill: the writes of the run before the interruption are checked with those of this one.
                    notes.Add("the drill was interrupted: its load ran again from the resumption, into the same ledger");
                }

                load = Load.LoadGenerator.Start(LoadOptions() with { Rate = rate, LedgerPath = ledgerPath, Clock = Clock, RefPrefix = $"D{CloneName(journal.Id)[6..]}-{Clock.GetUtcNow().ToUnixTimeMilliseconds() % 100_000}-" }, cancellationToken);
            }

            result = await runner.RunAsync(runbook with { Steps = [.. runbook.Steps.Select(s => s.Id == "verdict" ? WithProduction(s, production) : s)] }, claim?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException) when (claim?.Reason is { } reason && !cancellationToken.IsCancellationRequested)
        {
            notes.Add($"cancelled: {reason}");
            result = EndCancelled(journal, reason, runner.Observer);
        }
        finally
        {
            // Each part stopped on its own: one that fails to stop never keeps another running.
            try
            {
                if (load is not null)
                {
                    loadSummary = await load.StopAsync();
                    await load.DisposeAsync();
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                notes.Add($"the load did not stop cleanly: {e.Message.ReplaceLineEndings(" ")}");
            }

            if (record.Mode == DrillMode.Isolated && (result is null || result.Outcome != ExecutionOutcome.Succeeded))
            {
                // Cancelled or failed half-way: nothing of the drill may outlive it.
                notes.AddRange(await TearDownIsolatedAsync(to, journal.Id, CancellationToken.None));
            }

            if (record.Mode == DrillMode.Live && record.Fault != DrillFault.Switchover && result?.Outcome == ExecutionOutcome.Failed && Options.Faults is { } faults && record.FaultInjectedAt is not null && journal.CompletedSteps().Contains("recover-site") is false)
            {
                // The drill lost the site on purpose and did not get as far as bringing it back: never leave it lost.
                try
                {
                    using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                    await faults.RecoverAsync(from, bound.Token);
                    notes.Add($"the drill failed after losing site {from}: its infrastructure was brought back (it stays fenced; pilotlight failback returns the workload)");
                }
                catch (Exception e) when (IsTransient(e) || e is OperationCanceledException)
                {
                    notes.Add($"the drill failed after losing site {from}, and it could not be brought back: {e.Message.ReplaceLineEndings(" ")}");
                }
            }

            if (production is not null)
            {
                await production.DisposeAsync();
            }

            if (entry is not null)
            {
                await entry.DisposeAsync();
            }

            File.Delete(Layout.DrillAbortPath);
        }

        LedgerCheck? check = null;
        if (loadSummary is not null)
        {
            try
            {
                check = await VerifyLedgerAsync(ledgerPath, cancellationToken);
            }
            catch (Exception e) when (IsTransient(e) || e is Core.State.DamagedStateException)
            {
                notes.Add($"the ledger could not be checked against the active primary: {e.Message.ReplaceLineEndings(" ")}");
            }
        }

        WriteDrillEvidence(journal, record, from, to, entry?.Samples ?? [], production, notes.ToImmutable(), loadSummary, check, ledgerPath);
        return result;
    }

    /// <summary>One drill at a time per plan: a second waits 2 s at most (a controller may be looking at the lock), then is refused.</summary>
    private async Task<StateLock> AcquireDrillLockAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await StateLock.AcquireAsync(Layout.DrillLockPath, TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (EngineException)
        {
            throw new EngineException($"another drill runs ({StateLock.DescribeHolder(Layout.DrillLockPath)}): one drill at a time; wait for it to end");
        }
    }

    /// <summary>
    /// An isolated drill cancelled because production claimed the sites: the step it was in fails with the reason,
    /// and the execution ends failed — finished, so nobody resumes it (its caller tears down what it made).
    /// </summary>
    private ExecutionResult EndCancelled(ExecutionJournal journal, string reason, Action<JournalEntry>? observer)
    {
        void Write(JournalEntry entry)
        {
            journal.Append(entry);
            observer?.Invoke(entry);
        }

        var entries = journal.Read();
        var ended = entries.Where(e => e.Type is JournalEntry.StepSucceeded or JournalEntry.StepAlreadyDone or JournalEntry.StepFailed).Select(e => e.Step).ToHashSet();
        foreach (var step in entries.Where(e => e.Type == JournalEntry.StepStarted && !ended.Contains(e.Step)).Select(e => e.Step!).Distinct())
        {
            Write(new JournalEntry(Clock.GetUtcNow(), JournalEntry.StepFailed, step, Detail: $"cancelled: {reason}"));
        }

        Write(new JournalEntry(Clock.GetUtcNow(), JournalEntry.Note, Detail: $"the isolated drill was cancelled: {reason}; what it made is torn down"));
        Write(new JournalEntry(Clock.GetUtcNow(), JournalEntry.ExecutionFinished, Detail: nameof(ExecutionOutcome.Failed)));
        return ExecutionResult.From(journal);
    }

    /// <summary>An isolated drill's verdict also fails when production was touched: the entry changed, or the standby stopped streaming or fell behind the rpo.</summary>
    private RunbookStep WithProduction(RunbookStep verdict, ProductionWatch? production) => production is null ? verdict : verdict with
    {
        Description = "the drill passes when every smoke check passed and production was left alone (entry unchanged, standby streaming within the rpo)",
        Execute = async ct =>
        {
            await verdict.Execute(ct);
            if (production.Problems.Count > 0)
            {
                throw new InvalidOperationException($"production was touched during the drill: {production.Problems[0]}");
            }

            if (production.MaxLagSeconds is { } lag && lag > Plan.Objectives.Rpo.TotalSeconds)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the standby fell {lag:0.0}s behind during the drill, beyond the rpo {Plan.Objectives.Rpo.TotalSeconds:0.#}s"));
            }
        },
    };

    private static string DrillRecordPath(string journalPath) => Path.ChangeExtension(journalPath, ".drill.json");

    private Runbook BuildDrill(DrillRecord record, string executionId, string from, string to, Action<Func<DrillRecord, DrillRecord>> update, Func<DrillRecord>? current = null)
    {
        current ??= () => record;
        var parts = DrillParts(record, executionId, from, to, update, current);
        if (record.Mode == DrillMode.Isolated)
        {
            return DrillRunbook.Isolated(Plan, from, to, TimeSpan.FromSeconds(record.DurationSeconds), parts);
        }

        Runbook outLeg;
        Runbook backLeg;
        if (record.Fault == DrillFault.Switchover)
        {
            outLeg = SwitchoverRunbook.Build(Plan, SwitchoverRunbook.SwitchoverOperation, from, to, SwitchoverParts($"{executionId}.out"));
            backLeg = SwitchoverRunbook.Build(Plan, SwitchoverRunbook.SwitchoverOperation, to, from, SwitchoverParts($"{executionId}.back"));
        }
        else
        {
            outLeg = FailoverRunbook.Build(Plan, from, to, FailoverParts());
            backLeg = SwitchoverRunbook.Build(Plan, SwitchoverRunbook.FailbackOperation, to, from, SwitchoverParts($"{executionId}.back"));
        }

        return DrillRunbook.Live(Plan, from, to, record.Fault, TimeSpan.FromSeconds(record.DurationSeconds), outLeg, backLeg, parts);
    }

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

                // A timer may fire a little before the clock reads the deadline: wait until it does.
                for (var left = current().HoldUntil!.Value - Clock.GetUtcNow(); left > TimeSpan.Zero; left = current().HoldUntil!.Value - Clock.GetUtcNow())
                {
                    await Task.Delay(left + TimeSpan.FromMilliseconds(1), Clock, ct);
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

    /// <summary>Refuses a drill that cannot run now, with every reason on one line; changes nothing.</summary>
    private async Task RefuseDrillAsync(DrillRequest request, string from, string to, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (from != Plan.Primary.Name)
        {
            problems.Add($"site {from} is active, not the plan's primary {Plan.Primary.Name}: a drill starts from pilot light (pilotlight failback returns there)");
        }

        if (request.Mode == DrillMode.Isolated)
        {
            if (request.LoadRate is not null)
            {
                problems.Add("--with-load writes through the production entry, and an isolated drill leaves production untouched: no load with --mode isolated");
            }

            if (Providers.Database is not IDatabaseClone)
            {
                problems.Add($"database.provider '{Plan.Resource(ResourceKind.Database)?.Provider ?? "(none)"}' cannot clone a site's database: an isolated drill needs one that can (postgres)");
            }

            else if (((IDatabaseClone)Providers.Database).ClonePort(to) is null)
            {
                problems.Add($"the plan sets no port for a clone of site {to}'s database: give database.config.{to} a drill_port (a free port on its host)");
            }

            if (Providers.Compute is not IIsolatedCompute)
            {
                problems.Add($"compute.provider '{Plan.Resource(ResourceKind.Compute)?.Provider}' cannot start isolated instances: an isolated drill needs one that can (process)");
            }
        }
        else if (request.Fault != DrillFault.Switchover)
        {
            if (Options.Faults is not { } faults)
            {
                problems.Add($"--fault {request.Fault.ToString().ToLowerInvariant()} loses a site for real and needs a lab (pilotlight lab up); on your own systems a live drill is a planned switchover (--fault switchover)");
            }
            else if (faults.CannotInject(request.Fault) is { } why)
            {
                problems.Add(why);
            }
        }

        if (request.Mode == DrillMode.Live && Providers.Traffic.EntryUrl is null)
        {
            problems.Add($"traffic.provider '{Plan.Resource(ResourceKind.Traffic)?.Provider}' does not say where the entry answers (entry_url): a live drill's smoke checks run through it");
        }

        if (SmokeRunner.ChecksOf(Plan, to).IsEmpty)
        {
            problems.Add("the plan declares no smoke_checks and no HTTP health probe by path: a drill would prove nothing");
        }

        if (request.Mode == DrillMode.Live && request.Fault == DrillFault.Switchover && problems.Count == 0)
        {
            var preflight = await PreflightAsync(SwitchoverRunbook.SwitchoverOperation, from, to, cancellationToken);
            for (var round = 1; round < 3 && !preflight.IsEmpty; round++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), Clock, cancellationToken);
                preflight = await PreflightAsync(SwitchoverRunbook.SwitchoverOperation, from, to, cancellationToken);
            }

            problems.AddRange(preflight);
        }

        if (problems.Count == 0)
        {
            var readiness = await ReadinessAsync(cancellationToken);
            for (var round = 1; round < 3 && !readiness.Ready; round++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), Clock, cancellationToken);
                readiness = await ReadinessAsync(cancellationToken);
            }

            if (!readiness.Ready)
            {
                problems.Add($"the plan is NOT READY: {Failing(readiness)}");
            }
        }

        if (problems.Count > 0)
        {
            throw new EngineException($"{DrillRunbook.Kind(request.Mode, from, to)} refused, nothing was changed: {string.Join("; ", problems)}");
        }
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

    private void WriteDrillEvidence(ExecutionJournal journal, DrillRecord record, string from, string to, ImmutableArray<ProbeSample> samples, ProductionWatch? production, ImmutableArray<string> notes, LoadSummary? load, LedgerCheck? check, string ledgerPath)
    {
        ClientOutage? outage = null;
        if (record.Mode == DrillMode.Live)
        {
            // From the ledger when a load ran (every acknowledged write is a success), else from the entry probes.
            if (load is not null && File.Exists(ledgerPath))
            {
                var acknowledged = Core.Ledger.LedgerReader.Read(ledgerPath).Select(e => (e.At, Ok: true)).ToList();
                // Writes that never came back before the load stopped are an outage that did not end.
                if (acknowledged.Count == 0 || load.Ended - acknowledged.Max(a => a.At) > TimeSpan.FromSeconds(3))
                {
                    acknowledged.Add((load.Ended, false));
                }

                outage = EntryRecorder.Gaps("ledger", acknowledged, record.Detection?.LastHealthyAt);
            }
            else
            {
                outage = EntryRecorder.Outage(samples, record.Detection?.LastHealthyAt);
            }
        }

        var loss = record.Mode == DrillMode.Live
            ? new DataLoss(record.LagAtFailureSeconds, record.LagAtFailureBytes, record.LagSource, check?.Acknowledged, check?.Lost.Length) { Lost = check is null ? [] : [.. check.Lost.Take(1000)] }
            : null;
        var isolated = record.Mode == DrillMode.Isolated
            ? new IsolatedDrillResult(
                CloneName(journal.Id),
                record is { CloneStartedAt: { } begun, ServingAt: { } serving } ? (serving - begun).TotalSeconds : null,
                record.Addresses,
                production?.MaxLagSeconds,
                production?.StreamedThroughout ?? false,
                production?.EntryUnchanged ?? false)
            {
                CloneLsn = record.CloneServer?.Lsn,
                TeardownProblem = notes.FirstOrDefault(n => n.StartsWith("teardown:", StringComparison.Ordinal)),
            }
            : null;
        var evidence = new ExecutionEvidence
        {
            ExecutionId = journal.Id,
            Operation = DrillRunbook.Operation,
            DrillMode = record.Mode.ToString().ToLowerInvariant(),
            DrillFault = record.Mode == DrillMode.Live ? record.Fault.ToString().ToLowerInvariant() : null,
            From = from,
            To = to,
            RtoObjectiveSeconds = Plan.Objectives.Rto.TotalSeconds,
            RpoObjectiveSeconds = Plan.Objectives.Rpo.TotalSeconds,
            Detection = record.Detection,
            DataLoss = loss,
            ClientOutage = outage,
            Load = load,
            Probes = samples,
            SmokeChecks = record.Smoke,
            Isolated = isolated,
            Notes = [.. notes, .. production?.Problems ?? []],
        };
        EvidenceFile.Write(EvidenceFile.PathFor(journal.Path), evidence);
    }
}
