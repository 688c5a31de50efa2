using Xunit.Abstractions;

using Pilotlight.Engine;
using Pilotlight.Core.State;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>A controller (watch) running in the test's process, with every event it reported kept for assertions.</summary>
internal sealed class ControllerRun : IAsyncDisposable
{
    private readonly List<WatchEvent> _events = [];
    private readonly List<WatchSnapshot> _rounds = [];
    private readonly CancellationTokenSource _stop;
    private readonly ITestOutputHelper _output;

    /// <summary>Starts the controller; its transcript goes to <paramref name="output"/> when it is disposed, whatever the outcome.</summary>
    public ControllerRun(Lab lab, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        _output = output;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Completion = lab.Engine().WatchAsync(
            e =>
            {
                lock (_events)
                {
                    _events.Add(e);
                }
            },
            force: false,
            _stop.Token,
            snapshot =>
            {
                lock (_events)
                {
                    _rounds.Add(snapshot);
                }
            });
    }

    /// <summary>The controller's loop: it ends only when stopped, or when it gives up with an error.</summary>
    public Task Completion { get; }

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

    /// <summary>What the controller knew after each probe round it completed.</summary>
    public IReadOnlyList<WatchSnapshot> Rounds
    {
        get
        {
            lock (_events)
            {
                return [.. _rounds];
            }
        }
    }

    /// <summary>
    /// Waits until the controller has completed <paramref name="count"/> probe rounds after <paramref name="since"/> (the first may have begun just before):
    /// it decides within the round that sees a site down, so a failover it would make has been made by then.
    /// </summary>
    public Task WaitForRoundsAsync(DateTimeOffset since, int count, TimeSpan timeout, CancellationToken cancellationToken) =>
        Eventually.HoldsAsync(
            () => Completion.IsFaulted ? throw new InvalidOperationException($"the controller stopped: {Completion.Exception?.InnerException?.Message}\n{Transcript}") : Rounds.Count(r => r.At > since) >= count,
            timeout,
            $"{count} probe rounds after {since:HH:mm:ss.fff}",
            () => $"{Rounds.Count(r => r.At > since)} rounds\n{Transcript}",
            cancellationToken);

    /// <summary>Waits until the controller has a proof of what the standby replayed and has found it ready: only then is a loss a fair test.</summary>
    public Task WaitUntilSteadyAsync(Lab lab, CancellationToken cancellationToken) =>
        Eventually.HoldsAsync(
            () => Events.Any(e => e.Kind == "ready" && e.Text.StartsWith("READY", StringComparison.Ordinal)) && File.Exists(Path.Combine(lab.Layout.StateDirectory, "replication-proof.json")) && Rounds.Count >= 3,
            TimeSpan.FromSeconds(60),
            "the controller to find the standby ready, with a replication proof",
            () => Transcript,
            cancellationToken);

    public string Transcript => string.Join("\n", Events.Select(e => $"  {e.At:HH:mm:ss.fff} {e.Kind,-8} {e.Text}")) + "\n" + Cadence;

    /// <summary>How regularly probe rounds completed: a round that waits on an unreachable site shows as a long gap.</summary>
    public string Cadence
    {
        get
        {
            var rounds = Rounds;
            var slow = rounds.Zip(rounds.Skip(1), (x, y) => (y.At, Gap: y.At - x.At)).Where(g => g.Gap > TimeSpan.FromMilliseconds(800)).ToList();
            return $"  {rounds.Count} probe rounds; {slow.Count} ended more than 800 ms after the previous one{(slow.Count > 0 ? ": " + string.Join(", ", slow.Select(g => $"{g.At:HH:mm:ss.fff} (+{g.Gap.TotalMilliseconds:0} ms)")) : "")}";
        }
    }

    public Task WaitForAsync(Func<WatchEvent, bool> what, string description, TimeSpan timeout, CancellationToken cancellationToken) =>
        Eventually.HoldsAsync(
            () => Completion.IsFaulted ? throw new InvalidOperationException($"the controller stopped while waiting for {description}: {Completion.Exception?.InnerException?.Message}\n{Transcript}") : Events.Any(what),
            timeout,
            description,
            () => Transcript,
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Completion;
        }
        catch (Exception e) when (e is OperationCanceledException or LabException or Pilotlight.Engine.EngineException)
        {
            // Stopped, or it had already stopped on its own (the test asserts that where it matters).
        }

        _output.WriteLine("controller:\n" + Transcript);

        _stop.Dispose();
    }
}
