namespace Pilotlight.Processes;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Poll
{
    /// <summary>Polls until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming what was awaited.</summary>
    public static async Task UntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        var wait = interval ?? TimeSpan.FromMilliseconds(50);
        while (!await condition(cancellationToken))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#}s waiting for {what}");
            }

            await Task.Delay(wait, cancellationToken);
        }
    }
}
