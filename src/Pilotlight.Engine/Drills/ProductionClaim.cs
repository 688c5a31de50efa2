namespace Pilotlight.Engine.Drills;

/// <summary>
/// Watches, while an isolated drill runs, whether production claims the sites back: an execution took the execution
/// lock (a failover, switchover or failback — the controller's or an operator's), or the controller declared the
/// active site down and wrote <see cref="EngineLayout.DrillAbortPath"/>. Either cancels the drill (it then tears
/// down what it made and ends failed, saying why): a drill never stands between a lost site and its failover.
/// </summary>
internal sealed class ProductionClaim : IAsyncDisposable
{
    private const string ControllerCancelled = "the controller cancelled it: ";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private string? _reason;

    private ProductionClaim(EngineLayout layout, CancellationToken outer)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _loop = Task.Run(async () =>
        {
            string? seen = null;
            while (!_stop.IsCancellationRequested)
            {
                // Held on two looks in a row: another process asking whether the lock is held holds it for an instant.
                var claim = Claim(layout);
                if (claim is not null && (seen is not null || claim.StartsWith(ControllerCancelled, StringComparison.Ordinal)))
                {
                    _reason = claim;
                    await _cancel.CancelAsync();
                    return;
                }

                seen = claim;

                try
                {
                    await Task.Delay(Interval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>Cancelled when production claims the sites, or when the drill's own caller cancels.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Why the drill was cancelled by production; null while it was not.</summary>
    public string? Reason => _reason;

    public static ProductionClaim Start(EngineLayout layout, CancellationToken outer) => new(layout, outer);

    private static string? Claim(EngineLayout layout)
    {
        if (File.Exists(layout.DrillAbortPath))
        {
            string said;
            try
            {
                said = File.ReadAllText(layout.DrillAbortPath).Trim();
            }
            catch (IOException e)
            {
                said = $"(its reason could not be read: {e.Message})";
            }

            return $"{ControllerCancelled}{said}";
        }

        return StateLock.IsHeld(layout.ExecutionLockPath)
            ? $"an execution that moves production started ({StateLock.DescribeHolder(layout.ExecutionLockPath)})"
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _cancel.Dispose();
    }
}
