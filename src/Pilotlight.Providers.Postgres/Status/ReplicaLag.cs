namespace Pilotlight.Providers.Postgres.Status;

/// <summary>
/// How far a standby trails, in bytes and in time. Time is the gap between the primary's last commit and the
/// last commit the standby replayed — both stamped by the primary's clock, so no clock skew, and 0 whenever the
/// standby has every commit, however long ago the last one was (an idle pair reads 0, not a growing age).
/// Without the primary there is no time lag, only unknown.
/// </summary>
internal static class ReplicaLag
{
    public static (long? Bytes, TimeSpan? Time) Estimate(ServerObservation standby, PrimaryView? primary)
    {
        ArgumentNullException.ThrowIfNull(standby);
        if (primary is not null)
        {
            var bytes = Math.Max(0, primary.LagBytes);
            if (bytes == 0)
            {
                return (0, TimeSpan.Zero);
            }

            if (primary.LastCommit is { } last && standby.LastReplayedCommit is { } replayed)
            {
                // Only WAL without commits is missing (a checkpoint, a snapshot record): no transaction would be lost.
                return (bytes, last <= replayed ? TimeSpan.Zero : last - replayed);
            }

            return (bytes, UpperBound(standby));
        }

        // The primary cannot be asked: what the standby received but has not replayed says nothing about what it
        // never received (0 when replication is stalled — FIELD-NOTES, pitfall 8). The time lag is unknown; the
        // controller's estimate of data at risk grows from its last proof instead.
        return (standby.UnreplayedBytes, null);
    }

    /// <summary>Every commit not yet replayed is younger than the last one that was.</summary>
    private static TimeSpan? UpperBound(ServerObservation standby) =>
        standby.SinceLastReplayedCommit is { } since ? (since < TimeSpan.Zero ? TimeSpan.Zero : since) : null;
}
