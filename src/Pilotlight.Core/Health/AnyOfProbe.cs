using System.Diagnostics;

namespace Pilotlight.Core.Health;

/// <summary>Succeeds when any of its probes does (e.g. one healthy instance of several is service).</summary>
public sealed class AnyOfProbe(string name, IReadOnlyList<IProbe> probes) : IProbe
{
    public string Name => name;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (probes.Count == 0)
        {
            return new ProbeResult(false, TimeSpan.Zero, "nothing to probe");
        }

        var results = await Task.WhenAll(probes.Select(p => p.RunAsync(cancellationToken)));
        var good = results.Count(r => r.Success);
        return new ProbeResult(good > 0, clock.Elapsed, good > 0 ? $"{good} of {results.Length} answer" : $"none of {results.Length} answers: {results[0].Detail}");
    }
}
