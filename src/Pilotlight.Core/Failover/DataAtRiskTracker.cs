using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Failover;

/// <summary>
/// Keeps the last proof, round by round, that the standby had replayed what the primary had committed. A round in
/// which the primary could not be asked proves nothing and never lowers the estimate (DESIGN.md, invariant 3).
/// </summary>
public sealed class DataAtRiskTracker(string primary, string standby, TimeProvider clock, ReplicationProof? last = null)
{
    public string Primary { get; } = primary;

    public string Standby { get; } = standby;

    public ReplicationProof? LastProof { get; private set; } = last is not null && last.Primary == primary && last.Standby == standby ? last : null;

    /// <summary>
    /// Takes one observation of the standby, begun at <paramref name="askedAt"/> (the moment the primary was asked,
    /// so the proof is never dated later than it holds). Returns true when it is a new proof.
    /// </summary>
    public bool Observe(DatabaseStatus standbyStatus, DateTimeOffset askedAt)
    {
        ArgumentNullException.ThrowIfNull(standbyStatus);

        // A lag in time is reported only when it was measured against the primary: that is the proof.
        if (standbyStatus.Site != Standby || standbyStatus.Role != DatabaseRole.Standby || standbyStatus.LagTime is not { } lag)
        {
            return false;
        }

        if (LastProof is { } previous && previous.At > askedAt)
        {
            return false;
        }

        LastProof = new ReplicationProof(Primary, Standby, askedAt, lag);
        return true;
    }

    public DataAtRisk Estimate() => DataAtRisk.From(LastProof, Standby, Primary, clock.GetUtcNow());
}
