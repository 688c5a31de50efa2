using System.Collections.Immutable;
using Pilotlight.Core.Drills;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine.Drills;
using Pilotlight.Engine.Load;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>A drill's evidence; <paramref name="flushToDisk"/> false for a checkpoint while it runs (no load summary or ledger check yet).</summary>
    private void WriteDrillEvidence(ExecutionJournal journal, DrillRecord record, string from, string to, ImmutableArray<ProbeSample> samples, ProductionWatch? production, ImmutableArray<string> notes, LoadSummary? load, LedgerCheck? check, string ledgerPath, bool flushToDisk = true)
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
        EvidenceFile.Write(EvidenceFile.PathFor(journal.Path), evidence, flushToDisk);
    }
}
