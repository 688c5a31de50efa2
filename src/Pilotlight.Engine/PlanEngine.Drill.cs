using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Drills;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Plans;
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
        // The drill lock first: a drill refused because another runs never takes the execution lock, which would
        // cancel a running isolated drill (it gives way to whatever takes that lock).
        await using var drillLock = await AcquireDrillLockAsync(cancellationToken);
        await using var executionLock = await StateLock.AcquireAsync(Layout.ExecutionLockPath, cancellationToken);
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

        // A resumed live drill extends the probes its interrupted run checkpointed (an hour's hold is worth keeping).
        var earlierProbes = journal.Read().IsEmpty ? [] : ReadEvidenceQuietly(EvidenceFile.PathFor(journal.Path))?.Probes ?? [];
        ImmutableArray<ProbeSample> Probes() => earlierProbes.AddRange(entry?.Samples ?? []);
        var checkpoints = EvidenceCheckpoints.Start(() => WriteDrillEvidence(journal, record, from, to, Probes(), production, [], null, null, ledgerPath, flushToDisk: false));
        var runner = Runner(journal, observer, checkpoints);
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
            await checkpoints.DisposeAsync();

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

        WriteDrillEvidence(journal, record, from, to, Probes(), production, notes.ToImmutable(), loadSummary, check, ledgerPath);
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
}
