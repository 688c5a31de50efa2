using Pilotlight.Engine;
using Pilotlight.Core.State;

namespace Pilotlight.Lab.Tests;

/// <summary>A controller (watch) running in the background of a test, with every event it reported kept for assertions.</summary>
internal sealed class ControllerRun : IAsyncDisposable
{
    private readonly List<WatchEvent> _events = [];
    private readonly CancellationTokenSource _stop;
    private readonly Task _watch;

    public ControllerRun(Lab lab, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _watch = lab.Engine().WatchAsync(
            e =>
            {
                lock (_events)
                {
                    _events.Add(e);
                }
            },
            force: false,
            _stop.Token);
    }

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

    public async Task WaitForAsync(Func<WatchEvent, bool> what, string description, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Pilotlight.Processes.Poll.UntilAsync(_ => Task.FromResult(Events.Any(what) || _watch.IsCompleted), timeout, description, cancellationToken, TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the controller reported:\n{Transcript}", e);
        }

        if (!Events.Any(what))
        {
            throw new InvalidOperationException($"the controller stopped while waiting for {description}: {_watch.Exception?.GetBaseException().Message}; it reported:\n{Transcript}");
        }
    }

    /// <summary>Every event so far, one per line, for failure messages.</summary>
    public string Transcript => string.Join("\n", Events.Select(e => $"  {e.At:HH:mm:ss.fff} {e.Kind,-8} {e.Text}"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => _watch);
        _stop.Dispose();
    }
}
