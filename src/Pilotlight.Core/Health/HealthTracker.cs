using System.Collections.Immutable;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Health;

/// <summary>
/// Turns probe rounds into verdicts, deterministically (no clock, no I/O): a vantage point sees a site down after
/// <c>failure_threshold</c> consecutive failed rounds and up again only after <c>recovery_threshold</c> consecutive
/// good ones (flapping is damped); a site is down when a quorum of vantage points sees it down, and recovered when
/// a quorum sees it up again. Every change is an event carrying the observations that decided it.
/// </summary>
public sealed class HealthTracker
{
    private const int EvidenceKept = 5;

    private readonly HealthSettings _settings;
    private readonly Dictionary<(string Site, string Vantage), VantageState> _vantages = [];
    private readonly Dictionary<string, SiteHealth> _sites = new(StringComparer.Ordinal);

    public HealthTracker(HealthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
    }

    public SiteHealth HealthOf(string site) => _sites.GetValueOrDefault(site, SiteHealth.Unknown);

    public SiteHealth HealthOf(string site, string vantagePoint) =>
        _vantages.TryGetValue((site, vantagePoint), out var state) ? state.Verdict : SiteHealth.Unknown;

    /// <summary>
    /// Records one round: every probe of one vantage point against one site at one instant. The round fails if
    /// any probe failed. Returns the events the round caused, in order.
    /// </summary>
    public ImmutableArray<HealthEvent> Record(IReadOnlyList<ProbeObservation> round)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (round.Count == 0)
        {
            return [];
        }

        var site = round[0].Site;
        var vantage = round[0].VantagePoint;
        if (round.Any(o => o.Site != site || o.VantagePoint != vantage))
        {
            throw new ArgumentException("a round holds one vantage point's observations of one site", nameof(round));
        }

        var at = round.Max(o => o.At);
        var state = _vantages.TryGetValue((site, vantage), out var known) ? known : new VantageState();
        var events = ImmutableArray.CreateBuilder<HealthEvent>();
        var failed = round.Where(o => !o.Success).ToList();
        if (failed.Count > 0)
        {
            state = state with
            {
                Failures = state.Failures + 1,
                Successes = 0,
                Evidence = [.. state.Evidence.AddRange(failed).TakeLast(EvidenceKept)],
            };
            if (state.Verdict != SiteHealth.Down && state.Failures >= _settings.FailureThreshold)
            {
                state = state with { Verdict = SiteHealth.Down };
                events.Add(new HealthEvent(at, site, HealthEventKind.VantageFailing, vantage, $"{vantage} sees {site} down: {state.Failures} failed rounds in a row ({Describe(failed)})", [.. state.Evidence]));
            }
        }
        else
        {
            state = state with { Successes = state.Successes + 1, Failures = 0 };
            var needed = state.Verdict == SiteHealth.Down ? _settings.RecoveryThreshold : 1;
            if (state.Verdict != SiteHealth.Healthy && state.Successes >= needed)
            {
                if (state.Verdict == SiteHealth.Down)
                {
                    events.Add(new HealthEvent(at, site, HealthEventKind.VantageRecovered, vantage, $"{vantage} sees {site} up again: {state.Successes} good rounds in a row", [.. round]));
                }

                state = state with { Verdict = SiteHealth.Healthy, Evidence = [] };
            }
        }

        _vantages[(site, vantage)] = state;
        var siteEvent = Decide(site, at);
        if (siteEvent is not null)
        {
            events.Add(siteEvent);
        }

        return events.ToImmutable();
    }

    private HealthEvent? Decide(string site, DateTimeOffset at)
    {
        var views = _vantages.Where(v => v.Key.Site == site).ToList();
        var down = views.Where(v => v.Value.Verdict == SiteHealth.Down).ToList();
        var up = views.Count(v => v.Value.Verdict == SiteHealth.Healthy);
        var current = HealthOf(site);
        if (current != SiteHealth.Down && down.Count >= _settings.Quorum)
        {
            _sites[site] = SiteHealth.Down;
            var evidence = down.SelectMany(v => v.Value.Evidence).OrderBy(o => o.At).ToImmutableArray();
            return new HealthEvent(at, site, HealthEventKind.SiteDown, null, $"site {site} is down: {down.Count} of {_settings.VantagePoints.Length} vantage points agree ({string.Join(", ", down.Select(v => v.Key.Vantage))}; quorum {_settings.Quorum})", evidence);
        }

        if (current == SiteHealth.Down && up >= _settings.Quorum)
        {
            _sites[site] = SiteHealth.Healthy;
            return new HealthEvent(at, site, HealthEventKind.SiteRecovered, null, $"site {site} recovered: {up} vantage points see it up", []);
        }

        if (current == SiteHealth.Unknown && up >= _settings.Quorum)
        {
            _sites[site] = SiteHealth.Healthy;
        }

        return null;
    }

    private static string Describe(IEnumerable<ProbeObservation> failed) => string.Join("; ", failed.Select(o => $"{o.Probe}: {o.Detail}"));

    private sealed record VantageState
    {
        public int Failures { get; init; }

        public int Successes { get; init; }

        public SiteHealth Verdict { get; init; } = SiteHealth.Unknown;

        public ImmutableList<ProbeObservation> Evidence { get; init; } = [];
    }
}
