using System.Collections.Immutable;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Health;

/// <summary>
/// Runs a round of probes from every vantage point against a site — all in parallel, each bounded by the plan's
/// timeout — and feeds the results to a <see cref="HealthTracker"/>.
/// </summary>
public sealed class HealthMonitor(HealthSettings settings, TimeProvider clock)
{
    public HealthTracker Tracker { get; } = new(settings);

    /// <summary>Every observation of the last round, before any threshold: the first hint that a site may be failing.</summary>
    public ImmutableArray<ProbeObservation> LastRound { get; private set; } = [];

    /// <summary>One round against a site; <paramref name="vantagePoints"/> maps each vantage point to its probes of the site.</summary>
    public async Task<ImmutableArray<HealthEvent>> RoundAsync(string site, IReadOnlyDictionary<string, IReadOnlyList<IProbe>> vantagePoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vantagePoints);
        var rounds = await Task.WhenAll(vantagePoints.Select(async vantage =>
        {
            var observations = await Task.WhenAll(vantage.Value.Select(async probe =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.Timeout);
                ProbeResult result;
                try
                {
                    // The deadline holds even against a probe that does not honour cancellation at once (a connect to a
                    // frozen server may wait out its own timeout): the round never waits on the dead (FIELD-NOTES, 9).
                    result = await probe.RunAsync(timeout.Token).WaitAsync(settings.Timeout, clock, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or TimeoutException)
                {
                    result = new ProbeResult(false, settings.Timeout, $"no answer within {settings.Timeout.TotalMilliseconds:0} ms");
                }

                return new ProbeObservation(vantage.Key, site, probe.Name, result.Success, result.Latency, result.Detail, clock.GetUtcNow());
            }));
            return observations;
        }));

        LastRound = [.. rounds.SelectMany(r => r)];
        var events = ImmutableArray.CreateBuilder<HealthEvent>();
        foreach (var round in rounds.Where(r => r.Length > 0))
        {
            events.AddRange(Tracker.Record(round));
        }

        return events.ToImmutable();
    }
}
