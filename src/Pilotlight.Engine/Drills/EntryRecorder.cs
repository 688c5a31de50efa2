using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Plans;

namespace Pilotlight.Engine.Drills;

/// <summary>
/// Probes the workload through the entry every <see cref="Interval"/> while an execution runs — the plan's first
/// HTTP probe by path, as a client would send it — and remembers each answer and which site served it (told by the
/// probe's <c>body_contains</c> with <c>{site}</c>), for the client-seen outage when no load ran.
/// </summary>
internal sealed class EntryRecorder : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(10) }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentQueue<ProbeSample> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private EntryRecorder(Uri url, HttpProbeSpec probe, ImmutableArray<string> sites, TimeProvider clock)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var sample = await SampleAsync(url, probe, sites, clock, _stop.Token);
                if (_stop.IsCancellationRequested)
                {
                    // Cut short by the end of recording, not by the workload: not a failure.
                    break;
                }

                _samples.Enqueue(sample);
                try
                {
                    await Task.Delay(Interval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    /// <summary>Starts recording, or returns null when the plan has no entry URL or no HTTP probe by path.</summary>
    public static EntryRecorder? Start(Plan plan, Uri? entry, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (entry is null || plan.Health.Probes.OfType<HttpProbeSpec>().FirstOrDefault(p => p.Path is not null) is not { } probe)
        {
            return null;
        }

        var url = new Uri(entry.GetLeftPart(UriPartial.Authority) + probe.Path);
        return new EntryRecorder(url, probe, [.. plan.Sites.Select(s => s.Name)], clock);
    }

    public ImmutableArray<ProbeSample> Samples => [.. _samples];

    private static async Task<ProbeSample> SampleAsync(Uri url, HttpProbeSpec probe, ImmutableArray<string> sites, TimeProvider clock, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            using var response = await Http.GetAsync(url, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            var site = probe.BodyContains is { } pattern && pattern.Contains(PlanEngine.SitePlaceholder, StringComparison.Ordinal)
                ? sites.FirstOrDefault(s => body.Contains(pattern.Replace(PlanEngine.SitePlaceholder, s, StringComparison.Ordinal), StringComparison.Ordinal))
                : null;
            var ok = (int)response.StatusCode == probe.ExpectStatus;
            return new ProbeSample(at, ok, watch.Elapsed.TotalMilliseconds, site, ok ? null : $"status {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeSample(at, false, watch.Elapsed.TotalMilliseconds, null, "no answer within 1s");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new ProbeSample(at, false, watch.Elapsed.TotalMilliseconds, null, e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>
    /// The longest time between two successes in a row (the resolution is <see cref="Interval"/>), counting from
    /// <paramref name="lastHealthyBefore"/> when the outage began before recording did; an outage that has not ended
    /// by the last sample has no end. Null when fewer than two successes were seen and nothing failed.
    /// </summary>
    public static ClientOutage? Outage(IEnumerable<ProbeSample> samples, DateTimeOffset? lastHealthyBefore = null) =>
        Gaps("probes", samples.Select(s => (s.At, s.Ok)), lastHealthyBefore);

    /// <summary>The longest gap between consecutive successes of <paramref name="events"/> (see <see cref="Outage"/>).</summary>
    public static ClientOutage? Gaps(string source, IEnumerable<(DateTimeOffset At, bool Ok)> events, DateTimeOffset? lastHealthyBefore)
    {
        var ordered = events.OrderBy(e => e.At).ToList();
        var successes = ordered.Where(e => e.Ok).Select(e => e.At).ToList();
        if (lastHealthyBefore is { } before)
        {
            successes.Insert(0, before);
        }

        if (lastHealthyBefore is null && ordered.Count > 0 && !ordered[0].Ok)
        {
            // Failing from the first sample, with nothing known before it: the outage began before recording did,
            // so its length is unknown — never reported shorter than it was.
            return new ClientOutage(source, null, successes.Count > 0 ? successes[0] : null);
        }

        var lastSuccess = successes.Count > 0 ? successes[^1] : (DateTimeOffset?)null;
        if (ordered.Count > 0 && !ordered[^1].Ok && (lastSuccess is null || ordered[^1].At > lastSuccess))
        {
            return new ClientOutage(source, lastSuccess, null);
        }

        if (successes.Count < 2)
        {
            return null;
        }

        var (from, to) = (successes[0], successes[1]);
        for (var i = 2; i < successes.Count; i++)
        {
            if (successes[i] - successes[i - 1] > to - from)
            {
                (from, to) = (successes[i - 1], successes[i]);
            }
        }

        return new ClientOutage(source, from, to);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
