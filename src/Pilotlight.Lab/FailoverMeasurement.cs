namespace Pilotlight.Lab;

/// <summary>
/// One measured failover under load, every time from the instant site a was lost: when the controller saw it,
/// when the replica was promoted, compute was ready and traffic switched; what clients saw (last acknowledged
/// write before → first after, from the new site); and acknowledged writes missing afterwards.
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
    bool Succeeded);
