using Pilotlight.Providers.Aws.Client.CloudWatch;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// A replica's lag as the age of the last proof that it had everything: a datapoint at T (a period's start) whose
/// maximum is X says the replica held all up to T − X, so the lag now is X + (now − T). No datapoint: unknown (null),
/// never 0 (safety invariant 3).
/// </summary>
internal static class LagProof
{
    /// <summary>The lag now from <paramref name="points"/> (oldest first), each maximum read with <paramref name="toLag"/> (the metric's unit).</summary>
    public static TimeSpan? Age(IReadOnlyList<MetricPoint> points, DateTimeOffset now, Func<double, TimeSpan> toLag)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(toLag);
        if (points.LastOrDefault(p => p.Maximum is not null) is not { } last)
        {
            return null;
        }

        var age = now - last.Timestamp;
        return toLag(last.Maximum!.Value) + (age > TimeSpan.Zero ? age : TimeSpan.Zero);
    }
}
