using Pilotlight.Core.Evidence;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine.Drills;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    private readonly Lock _pendingGate = new();
    private (Detection Detection, DataLoss? Loss)? _pendingDetection;

    /// <summary>The controller's detection and data-at-risk estimate for the failover it is about to run; taken once by that failover.</summary>
    private void PendDetection(Detection detection, DataLoss? loss)
    {
        lock (_pendingGate)
        {
            _pendingDetection = (detection, loss);
        }
    }

    private (Detection Detection, DataLoss? Loss)? TakeDetection()
    {
        lock (_pendingGate)
        {
            var taken = _pendingDetection;
            _pendingDetection = null;
            return taken;
        }
    }

    /// <summary>How often the evidence of a running execution is written while no step ends (a long step on a cloud).</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs an execution's runbook while the entry is probed, and writes (or, for a resumed one, extends) its evidence:
    /// the probes, the client-seen outage they show, and how the outage was detected and decided when the controller
    /// did. Written as it goes — whenever a step ends, and every <see cref="CheckpointInterval"/> — so that a controller
    /// killed mid-execution leaves the probes up to its last step, and the resumed execution's report measures the
    /// outage from its true start rather than from the resumption.
    /// </summary>
    private async Task<ExecutionResult> RunRecordedAsync(ExecutionJournal journal, Action<JournalEntry>? observer, Runbook runbook, string operation, Detection? detection, DataLoss? loss, CancellationToken cancellationToken)
    {
        var path = EvidenceFile.PathFor(journal.Path);
        var earlier = ReadEvidenceQuietly(path);
        detection ??= earlier?.Detection;
        loss ??= earlier?.DataLoss;
        var entry = EntryRecorder.Start(Plan, Providers.Traffic.EntryUrl, Clock);
        var gate = new Lock();
        void Record(bool final)
        {
            lock (gate)
            {
                var target = journal.Read().FirstOrDefault(e => e.Type == JournalEntry.ExecutionStarted)?.Target;
                var samples = (earlier?.Probes ?? []).AddRange(entry?.Samples ?? []);
                EvidenceFile.Write(path, new ExecutionEvidence
                {
                    ExecutionId = journal.Id,
                    Operation = operation,
                    From = target?.From ?? "?",
                    To = target?.To ?? "?",
                    RtoObjectiveSeconds = Plan.Objectives.Rto.TotalSeconds,
                    RpoObjectiveSeconds = Plan.Objectives.Rpo.TotalSeconds,
                    Detection = detection,
                    ClientOutage = EntryRecorder.Outage(samples, detection?.LastHealthyAt),
                    DataLoss = loss,
                    Probes = samples,
                    Notes = earlier?.Notes ?? [],
                }, flushToDisk: final);
            }
        }

        // A checkpoint guards against the process dying, whose page cache survives it: no fsync on the failover's path.
        void Checkpoint()
        {
            try
            {
                Record(final: false);
            }
            catch (IOException)
            {
                // Evidence is a by-product: the next checkpoint, or the end, writes it.
            }
        }

        var notify = Notifying(journal, observer);
        var runner = new RunbookRunner(journal, Clock)
        {
            Observer = e =>
            {
                notify(e);
                if (entry is not null && e.Type is JournalEntry.StepSucceeded or JournalEntry.StepAlreadyDone or JournalEntry.StepFailed)
                {
                    Checkpoint();
                }
            },
            AfterStep = Options.AfterStep,
        };

        using var stopCheckpoints = new CancellationTokenSource();
        var checkpoints = entry is null ? Task.CompletedTask : Task.Run(
            async () =>
            {
                while (!stopCheckpoints.IsCancellationRequested)
                {
                    await Task.Delay(CheckpointInterval, stopCheckpoints.Token);
                    Checkpoint();
                }
            },
            CancellationToken.None);
        ExecutionResult result;
        try
        {
            result = await runner.RunAsync(runbook, cancellationToken);
        }
        finally
        {
            await stopCheckpoints.CancelAsync();
            try
            {
                await checkpoints;
            }
            catch (OperationCanceledException)
            {
            }

            if (entry is not null)
            {
                await entry.DisposeAsync();
            }
        }

        Record(final: true);
        return result;
    }

    // Evidence is a by-product: a damaged earlier file is replaced, never a reason to fail the execution that just ran.
    private static ExecutionEvidence? ReadEvidenceQuietly(string path)
    {
        try
        {
            return EvidenceFile.Read(path);
        }
        catch (Core.State.DamagedStateException)
        {
            return null;
        }
    }
}
