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
        _watch = lab.WatchAsync(
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

    public Task WaitForAsync(Func<WatchEvent, bool> what, string description, TimeSpan timeout, CancellationToken cancellationToken) =>
        Core.Processes.Poll.UntilAsync(_ => Task.FromResult(Events.Any(what)), timeout, description, cancellationToken, TimeSpan.FromMilliseconds(100));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => _watch);
        _stop.Dispose();
    }
}
