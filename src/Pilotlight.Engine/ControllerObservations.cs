using Pilotlight.Core.Failover;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Readiness;

namespace Pilotlight.Engine;

/// <summary>
/// What the controller's observer learned of the standby — its last status, the last proof that it had replayed the
/// primary's commits, readiness — shared with the probe loop, which never waits for any of it.
/// </summary>
internal sealed class ControllerObservations(TimeProvider clock, ReplicationProof? persisted)
{
    private readonly Lock _gate = new();
    private DataAtRiskTracker? _tracker;
    private ReplicationProof? _persisted = persisted;

    public DatabaseStatus? Standby { get; private set; }

    public ReadinessReport? Readiness { get; set; }

    /// <summary>The last disagreement between the site state and the entry that was reported, if any.</summary>
    public string? Disagreement { get; set; }

    /// <summary>Takes one observation of the standby begun at <paramref name="askedAt"/>; returns the new proof, if it is one.</summary>
    public ReplicationProof? Observe(string primary, string standby, DatabaseStatus status, DateTimeOffset askedAt)
    {
        lock (_gate)
        {
            var tracker = TrackerOf(primary, standby);
            Standby = status;
            return tracker.Observe(status, askedAt) ? tracker.LastProof : null;
        }
    }

    /// <summary>The data a failover from <paramref name="primary"/> to <paramref name="standby"/> would lose now.</summary>
    public DataAtRisk Estimate(string primary, string standby)
    {
        lock (_gate)
        {
            return TrackerOf(primary, standby).Estimate();
        }
    }

    private DataAtRiskTracker TrackerOf(string primary, string standby)
    {
        if (_tracker is null || _tracker.Primary != primary || _tracker.Standby != standby)
        {
            _tracker = new DataAtRiskTracker(primary, standby, clock, _tracker?.LastProof ?? _persisted);
            _persisted = null;
            Standby = null;
        }

        return _tracker;
    }
}
