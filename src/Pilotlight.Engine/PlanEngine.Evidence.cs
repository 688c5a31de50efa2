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

    /// <summary>
    /// Runs an execution's runbook while the entry is probed, and writes (or, for a resumed one, extends) its evidence:
    /// the probes, the client-seen outage they show, and how the outage was detected and decided when the controller
    /// did. Written as it goes (<see cref="EvidenceCheckpoints"/>), so that a controller killed mid-execution leaves
    /// the probes up to its last step, and the resumed execution's report measures the outage from its true start.
    /// </summary>
    private async Task<ExecutionResult> RunRecordedAsync(ExecutionJournal journal, Action<JournalEntry>? observer, Runbook runbook, string operation, Detection? detection, DataLoss? loss, CancellationToken cancellationToken)
    {
        var path = EvidenceFile.PathFor(journal.Path);
        var earlier = ReadEvidenceQuietly(path);
        detection ??= earlier?.Detection;
        loss ??= earlier?.DataLoss;
        var entry = EntryRecorder.Start(Plan, Providers.Traffic.EntryUrl, Clock);
        void Record(bool final)
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

        var checkpoints = EvidenceCheckpoints.Start(() => Record(final: false));
        var runner = Runner(journal, observer, checkpoints);
        ExecutionResult result;
        try
        {
            result = await runner.RunAsync(runbook, cancellationToken);
        }
        finally
        {
            await checkpoints.DisposeAsync();
            if (entry is not null)
            {
                await entry.DisposeAsync();
            }
        }

        Record(final: true);
        return result;
    }

    /// <summary>The runner of an execution: each entry it journals is notified, and each step's end checkpoints its evidence.</summary>
    private RunbookRunner Runner(ExecutionJournal journal, Action<JournalEntry>? observer, EvidenceCheckpoints checkpoints)
    {
        var notify = Notifying(journal, observer);
        return new RunbookRunner(journal, Clock)
        {
            Observer = e =>
            {
                notify(e);
                checkpoints.Observe(e);
            },
            AfterStep = Options.AfterStep,
        };
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
