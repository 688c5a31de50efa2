using System.Collections.Concurrent;
using Pilotlight.Core.Providers;

namespace Pilotlight.Engine.Drills;

/// <summary>
/// Watches production while an isolated drill runs — every half second, where the entry routes and whether the
/// standby streams and how far it trails — so the drill's evidence can say it left both alone (or when it did not).
/// </summary>
internal sealed class ProductionWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double? _maxLag;
    private int _rounds;

    private ProductionWatch(PlanEngine engine, string active, string standby, TimeProvider clock)
    {
        _loop = Task.Run(async () =>
        {
            var providers = engine.Providers;
            TrafficStatus? first = null;
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var bound = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    bound.CancelAfter(TimeSpan.FromSeconds(3));
                    var route = await providers.Traffic.GetStatusAsync(bound.Token);
                    first ??= route;
                    if (route.ActiveSite != active || !Same(first, route))
                    {
                        Problem($"{clock.GetUtcNow():HH:mm:ss.fff} the entry changed: routes to {route.ActiveSite ?? "no single site"} ({string.Join(", ", route.Servers.Select(s => $"{s.Name} {s.AdminState}"))})");
                    }

                    if (providers.Database is { } database)
                    {
                        var status = await database.GetStatusAsync(standby, bound.Token);
                        var lag = status.LagBytes == 0 ? 0 : status.LagTime?.TotalSeconds;
                        if (status.Role != DatabaseRole.Standby || !status.Streaming)
                        {
                            Problem($"{clock.GetUtcNow():HH:mm:ss.fff} site {standby}'s database is {status.Role.ToString().ToLowerInvariant()}{(status.Streaming ? "" : ", not streaming")}{(status.Problem is { } p ? $": {p}" : "")}");
                        }

                        if (lag is { } l)
                        {
                            _maxLag = Math.Max(_maxLag ?? 0, l);
                        }
                    }

                    Interlocked.Increment(ref _rounds);
                }
                catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
                {
                    Problem($"{clock.GetUtcNow():HH:mm:ss.fff} production could not be observed: {e.Message.ReplaceLineEndings(" ")}");
                }

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

    public static ProductionWatch Start(PlanEngine engine, string active, string standby, TimeProvider clock) => new(engine, active, standby, clock);

    public double? MaxLagSeconds => _maxLag;

    /// <summary>The standby answered as a streaming standby every time it was asked (and it was asked).</summary>
    public bool StreamedThroughout => _rounds > 0 && !_problems.Any(p => p.Contains("database is", StringComparison.Ordinal) || p.Contains("could not be observed", StringComparison.Ordinal));

    /// <summary>The entry routed to the active site, exactly as at the start, every time it was asked.</summary>
    public bool EntryUnchanged => _rounds > 0 && !_problems.Any(p => p.Contains("the entry changed", StringComparison.Ordinal));

    /// <summary>Every departure seen, first 20, one line each.</summary>
    public IReadOnlyList<string> Problems => [.. _problems.Take(20)];

    public int Rounds => _rounds;

    private void Problem(string line)
    {
        if (_problems.Count < 1000)
        {
            _problems.Enqueue(line);
        }
    }

    private static bool Same(TrafficStatus a, TrafficStatus b) =>
        a.Servers.Length == b.Servers.Length && a.Servers.Zip(b.Servers).All(p => p.First.Name == p.Second.Name && p.First.AdminState == p.Second.AdminState);

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
