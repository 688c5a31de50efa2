using Microsoft.Extensions.Time.Testing;

namespace Pilotlight.Engine.Tests;

/// <summary>A plan over <see cref="FakeSystems"/> in a temp directory, its engine on a fake clock, and a controller to drive.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public const string Interval = "1s";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<WatchEvent> _events = [];
    private Task? _watch;

    public const string EntryOnly = "[ { name: entry, via: entry } ]";

    public EngineHarness(string policy = "automatic", string extraFailover = "", string vantagePoints = EntryOnly, string probes = "[ { name: app, type: http, path: /healthz } ]", int quorum = 1)
    {
        Directory.CreateDirectory(Root);
        PlanPath = Path.Combine(Root, "fake.yaml");
        File.WriteAllText(PlanPath, $$"""
            version: 1
            name: fake
            objectives: { rto: 30s, rpo: 5s }
            sites:
              - { name: a, region: r-a, role: primary }
              - { name: b, region: r-b, role: standby }
            database: { provider: fake }
            compute:
              provider: fake
              a: { pilot: { min: 0, desired: 0, max: 2 }, full: { min: 1, desired: 2, max: 2 } }
              b: { pilot: { min: 0, desired: 0, max: 2 }, full: { min: 1, desired: 2, max: 2 } }
            traffic: { provider: fake }
            health:
              interval: {{Interval}}
              timeout: 500ms
              failure_threshold: 2
              recovery_threshold: 2
              quorum: {{quorum}}
              vantage_points: {{vantagePoints}}
              probes: {{probes}}
            failover:
              policy: {{policy}}
              max_data_loss: 5s
            {{extraFailover}}
            """);
        Engine = PlanEngine.Open(PlanPath, Systems.Registry(), options: new EngineOptions { Clock = Clock });
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"pilotlight-engine-{Guid.NewGuid():N}");

    public string PlanPath { get; }

    public FakeSystems Systems { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public PlanEngine Engine { get; }

    public IReadOnlyList<WatchEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public string Transcript => string.Join("\n", Events.Select(e => $"{e.At:HH:mm:ss.fff} {e.Kind} {e.Text}"));

    public Task Watch => _watch ?? throw new InvalidOperationException("not watching");

    public void StartWatching()
    {
        _watch = Task.Run(() => Engine.WatchAsync(
            e =>
            {
                lock (_events)
                {
                    _events.Add(e);
                }
            },
            force: false,
            _stop.Token));
    }

    /// <summary>
    /// Moves the fake clock on, a quarter of the interval at a time (a few real milliseconds apart, so the loops run),
    /// until <paramref name="condition"/> holds; fails after <paramref name="rounds"/> probe intervals.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, string what, int rounds = 40)
    {
        for (var i = 0; i < rounds * 4; i++)
        {
            if (condition())
            {
                return;
            }

            if (_watch is { IsFaulted: true })
            {
                await _watch;
            }

            Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }

        condition().ShouldBeTrue($"{what} within {rounds} rounds:\n{Transcript}\ncalls: {string.Join(", ", Systems.Calls)}");
    }

    /// <summary>
    /// Awaits <paramref name="operation"/> while moving the fake clock on (retries wait on it); fails after 2000
    /// steps of 250 ms.
    /// </summary>
    public async Task<T> WhileTimePassesAsync<T>(Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var running = Task.Run(operation);
        for (var i = 0; i < 2000 && !running.IsCompleted; i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(2);
        }

        running.IsCompleted.ShouldBeTrue($"the operation did not finish:\ncalls: {string.Join(", ", Systems.Calls)}");
        return await running;
    }

    public bool Saw(string kind, string text) => Events.Any(e => e.Kind == kind && e.Text.Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_watch is not null)
        {
            try
            {
                await _watch;
            }
            catch (OperationCanceledException)
            {
            }
            catch (EngineException) when (_watch.IsFaulted)
            {
                // A controller that stopped by itself, as a test asked it to: that test looked at why.
            }
        }

        _stop.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
