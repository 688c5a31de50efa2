using System.Collections.Immutable;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;

namespace Pilotlight.Engine.Drills;

/// <summary>
/// Follows the probe rounds of one site — when it last answered every probe, when the current run of failures
/// began, and each vantage point's consecutive failures and last error — so that a failover can record how its
/// outage was detected (the evidence's <see cref="Detection"/>).
/// </summary>
internal sealed class DetectionTracker(HealthSettings health)
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _lastError = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastHealthy;
    private DateTimeOffset? _firstFailure;

    public void Observe(ImmutableArray<ProbeObservation> round, DateTimeOffset now)
    {
        foreach (var vantage in round.GroupBy(o => o.VantagePoint))
        {
            var failed = vantage.Where(o => !o.Success).ToList();
            _failures[vantage.Key] = failed.Count > 0 ? _failures.GetValueOrDefault(vantage.Key) + 1 : 0;
            _lastError[vantage.Key] = failed.FirstOrDefault() is { } f ? $"{f.Probe}: {f.Detail}" : null;
        }

        if (round.Any(o => !o.Success))
        {
            _firstFailure ??= now;
        }
        else if (!round.IsEmpty)
        {
            (_firstFailure, _lastHealthy) = (null, now);
        }
    }

    /// <summary>The detection as it stands: each vantage point's vote, and the decision taken on it.</summary>
    public Detection Snapshot(string site, HealthTracker tracker, DateTimeOffset now, string verdict, string reason)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var votes = health.VantagePoints.Select(v => new Vote(v.Name, tracker.HealthOf(site, v.Name).ToString().ToLowerInvariant(), _failures.GetValueOrDefault(v.Name), _lastError.GetValueOrDefault(v.Name))).ToImmutableArray();
        return new Detection(_lastHealthy, _firstFailure ?? now, now, votes, verdict, reason);
    }
}
