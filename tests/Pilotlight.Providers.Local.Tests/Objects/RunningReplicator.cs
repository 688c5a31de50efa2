using Pilotlight.Providers.Local.Objects;

namespace Pilotlight.Providers.Local.Tests.Objects;

/// <summary>A replicator's RunAsync in the background; disposing cancels it and checks that it ended by that cancel.</summary>
internal sealed class RunningReplicator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public RunningReplicator(FilesystemReplicator replicator)
    {
        _run = replicator.RunAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Should.ThrowAsync<OperationCanceledException>(() => _run);
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
