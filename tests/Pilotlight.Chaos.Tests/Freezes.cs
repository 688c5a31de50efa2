using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>A frozen region: every process of a site stopped (SIGSTOP) for a while, then continued (SIGCONT).</summary>
internal static class Freezes
{
    /// <summary>Freezes <paramref name="site"/> for <paramref name="length"/> — the wait is the disaster itself, not an assertion — and returns when it was continued.</summary>
    public static async Task<DateTimeOffset> FreezeAsync(Lab lab, TimeSpan length, ITestOutputHelper output, CancellationToken cancellationToken, string site = "a")
    {
        await lab.DisasterAsync(site, DisasterMode.Stop, cancellationToken);
        var frozen = DateTimeOffset.UtcNow;
        await Task.Delay(length, cancellationToken);
        await lab.RecoverAsync(site, cancellationToken);
        var thawed = DateTimeOffset.UtcNow;
        output.WriteLine($"site {site} frozen {frozen:HH:mm:ss.fff} → continued {thawed:HH:mm:ss.fff} ({(thawed - frozen).TotalMilliseconds:0} ms)");
        return thawed;
    }
}
