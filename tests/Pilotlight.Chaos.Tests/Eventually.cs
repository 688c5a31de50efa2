namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Waits on a condition with a deadline; on timeout it says what was awaited and what was seen last.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string what, Func<string> seen, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition(cancellationToken))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#}s waiting for {what}; seen last:\n{seen()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string> seen, CancellationToken cancellationToken) =>
        HoldsAsync(_ => Task.FromResult(condition()), timeout, what, seen, cancellationToken);
}
