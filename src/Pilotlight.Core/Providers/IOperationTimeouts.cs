namespace Pilotlight.Core.Providers;

/// <summary>The kinds of provider work a runbook step waits on, whose duration depends on the provider.</summary>
public enum ProviderOperation
{
    /// <summary>Fencing a site at the entry, or switching the entry (fence-traffic, fence-writes, switch-traffic).</summary>
    TrafficChange,

    /// <summary>One attempt of the end-to-end check through the entry (verify).</summary>
    Verify,

    /// <summary>Fencing a database in a failover (fence-database).</summary>
    DatabaseFence,

    /// <summary>Promoting a replica (promote-replica, promote-target).</summary>
    Promotion,

    /// <summary>Demoting a primary cleanly in a switchover (demote-primary).</summary>
    Demotion,

    /// <summary>Waiting until the target has replayed the demotion token (wait-replay).</summary>
    Replay,

    /// <summary>Making a server a standby and its replication mode (rebuild-standby, attach-old-primary, replication-*).</summary>
    StandbyRebuild,

    /// <summary>Scaling a site's compute and waiting for it (scale-compute, scale-target-compute, scale-down-old).</summary>
    Scaling,

    /// <summary>Taking the lost site's compute out of service (fence-compute).</summary>
    ComputeFence,
}

/// <summary>
/// A provider whose operations take longer than a runbook's defaults, which fit servers a site runs itself (a
/// PostgreSQL promotion in seconds): an RDS promotion or an Auto Scaling group's new instances take minutes. The
/// engine raises each step's timeout to the largest any of the plan's providers gives; it never lowers one.
/// </summary>
public interface IOperationTimeouts
{
    /// <summary>How long one attempt of <paramref name="operation"/> may take with this provider; null: the runbook's default.</summary>
    TimeSpan? TimeoutFor(ProviderOperation operation);
}
