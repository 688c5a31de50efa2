using System.Collections.Immutable;
using Pilotlight.Core.Evidence;

namespace Pilotlight.Core.Reports;

/// <summary>
/// The data lost against the RPO. <see cref="MeasuredSeconds"/> is the loss window compared with the objective:
/// from the earliest lost acknowledged write to the failure, 0 when a ledger found none lost, else the replica's
/// lag at the failure (an upper-bound estimate); null when nothing measured it. See <see cref="ExecutionReport"/>.
/// </summary>
public sealed record RpoAssessment(ReportVerdict Verdict, double ObjectiveSeconds, double? MeasuredSeconds, string? Basis, string Explanation)
{
    /// <summary>The replica's lag when the site was lost: an upper bound from the controller's proof, never lower than the truth.</summary>
    public double? ReplicaLagAtFailureSeconds { get; init; }

    public long? ReplicaLagAtFailureBytes { get; init; }

    /// <summary>Where the lag came from (e.g. the replication proof).</summary>
    public string? LagSource { get; init; }

    /// <summary>Acknowledged writes a ledger recorded; null without a ledger.</summary>
    public long? AcknowledgedWrites { get; init; }

    /// <summary>Acknowledged writes not on the new primary; null without a ledger.</summary>
    public long? LostWrites { get; init; }

    /// <summary>The lost writes the evidence lists (at most its first 1,000).</summary>
    public ImmutableArray<LostWrite> Lost { get; init; } = [];
}
