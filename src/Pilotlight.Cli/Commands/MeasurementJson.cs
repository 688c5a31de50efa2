using Pilotlight.Lab;

namespace Pilotlight.Cli.Commands;

/// <summary>A measured failover as --json writes it: every duration a number of seconds, in a key ending <c>_seconds</c>.</summary>
internal static class MeasurementJson
{
    public static object From(FailoverMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return new
        {
            fault = measurement.Fault,
            succeeded = measurement.Succeeded,
            phase_seconds = measurement.Phase.TotalSeconds,
            detection_seconds = measurement.Detection?.TotalSeconds,
            decision_seconds = measurement.Decision?.TotalSeconds,
            promotion_seconds = measurement.Promotion?.TotalSeconds,
            compute_ready_seconds = measurement.ComputeReady?.TotalSeconds,
            traffic_switched_seconds = measurement.TrafficSwitched?.TotalSeconds,
            client_outage_seconds = measurement.ClientOutage?.TotalSeconds,
            acknowledged = measurement.Acknowledged,
            lost_acknowledged = measurement.LostAcknowledged,
        };
    }
}
