namespace Pilotlight.Lab;

/// <summary>
/// One measured failover under load, every time from the instant site a was lost: when the controller saw it,
/// when the replica was promoted, compute was ready and traffic switched; what clients saw (last acknowledged
/// write before → first after, from the new site); and acknowledged writes missing afterwards. Also how site a was
/// lost, and when.
/// </summary>
public sealed record FailoverMeasurement(
    TimeSpan? Detection,
    TimeSpan? Decision,
    TimeSpan? Promotion,
    TimeSpan? ComputeReady,
    TimeSpan? TrafficSwitched,
    TimeSpan? ClientOutage,
    int Acknowledged,
    int LostAcknowledged,
    bool Succeeded)
{
    /// <summary>How site a was lost.</summary>
    public DisasterMode Fault { get; init; }

    /// <summary>How long after the warm-up the loss came: where it fell within the probe interval.</summary>
    public TimeSpan Phase { get; init; }
}
