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
    /// Runs an execution's runbook while the entry is probed, then writes (or, for a resumed one, extends) its evidence:
    /// the probes, the client-seen outage they show, and how the outage was detected and decided when the controller did.
    /// </summary>
    private async Task<ExecutionResult> RunRecordedAsync(ExecutionJournal journal, RunbookRunner runner, Runbook runbook, string operation, Detection? detection, DataLoss? loss, CancellationToken cancellationToken)
    {
        var entry = EntryRecorder.Start(Plan, Providers.Traffic.EntryUrl, Clock);
        ExecutionResult result;
        try
        {
            result = await runner.RunAsync(runbook, cancellationToken);
        }
        finally
        {
            if (entry is not null)
            {
                await entry.DisposeAsync();
            }
        }

        var path = EvidenceFile.PathFor(journal.Path);
        var earlier = ReadEvidenceQuietly(path);
        var samples = (earlier?.Probes ?? []).AddRange(entry?.Samples ?? []);
        detection ??= earlier?.Detection;
        var target = result.Target;
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
            DataLoss = loss ?? earlier?.DataLoss,
            Probes = samples,
            Notes = earlier?.Notes ?? [],
        });
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
