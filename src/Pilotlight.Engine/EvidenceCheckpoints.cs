using Pilotlight.Core.Runbooks;

namespace Pilotlight.Engine;

/// <summary>
/// Writes a running execution's evidence as it goes: whenever a step ends (<see cref="Observe"/>, called from the
/// runner's observer before its next step starts) and every <see cref="Interval"/> while a long step runs. A
/// checkpoint guards against the process dying, whose page cache survives it: the writer need not flush to disk.
/// A checkpoint that cannot be written is skipped — evidence is a by-product; the next one, or the end, writes it.
/// </summary>
internal sealed class EvidenceCheckpoints : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly Action _write;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private bool _stopped;

    private EvidenceCheckpoints(Action write)
    {
        _write = write;
        _loop = Task.Run(
            async () =>
            {
                while (true)
                {
                    try
                    {
                        await Task.Delay(Interval, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    Write();
                }
            },
            CancellationToken.None);
    }

    public static EvidenceCheckpoints Start(Action write) => new(write);

    /// <summary>A journal entry the runner just wrote: the end of a step is a checkpoint.</summary>
    public void Observe(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Type is JournalEntry.StepSucceeded or JournalEntry.StepAlreadyDone or JournalEntry.StepFailed)
        {
            Write();
        }
    }

    private void Write()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            try
            {
                _write();
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>No checkpoint is written once this returns (the final evidence is the caller's to write).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
