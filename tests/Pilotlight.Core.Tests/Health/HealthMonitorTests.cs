using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Tests.Health;

public sealed class HealthMonitorTests
{
    private static readonly HealthSettings Settings = new()
    {
        Interval = TimeSpan.FromMilliseconds(500),
        Timeout = TimeSpan.FromMilliseconds(100),
        FailureThreshold = 3,
        RecoveryThreshold = 3,
        Quorum = 1,
        VantagePoints = [new VantagePoint("direct", VantageRoute.Direct)],
        Probes = [],
    };

    /// <summary>Like a connect to a frozen server that waits out its own timeout: it ignores cancellation until released.</summary>
    private sealed class DeafProbe : IProbe
    {
        public TaskCompletionSource<ProbeResult> Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "db";

        public Task<ProbeResult> RunAsync(CancellationToken cancellationToken) => Release.Task;
    }

    private sealed class AnsweringProbe(string name) : IProbe
    {
        public string Name => name;

        public Task<ProbeResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(new ProbeResult(true, TimeSpan.FromMilliseconds(1), "answered"));
    }

    [Fact]
    public async Task DetectionWaitsOnTheDead_Fixed_ARoundEndsAtItsDeadlineEvenWhenAProbeIgnoresCancellation()
    {
        var deaf = new DeafProbe();
        var monitor = new HealthMonitor(Settings, TimeProvider.System);
        var probes = new Dictionary<string, IReadOnlyList<IProbe>> { ["direct"] = [deaf, new AnsweringProbe("shop")] };

        // Three rounds while the probe never answers: each must end by its deadline, not when the probe gives up.
        var events = new List<HealthEvent>();
        for (var round = 0; round < 3; round++)
        {
            events.AddRange(await monitor.RoundAsync("a", probes, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        }

        deaf.Release.Task.IsCompleted.ShouldBeFalse();
        monitor.LastRound.Single(o => o.Probe == "db").Detail.ShouldBe("no answer within 100 ms");
        monitor.LastRound.Single(o => o.Probe == "shop").Success.ShouldBeTrue();
        events.ShouldContain(e => e.Kind == HealthEventKind.SiteDown);
        deaf.Release.SetResult(new ProbeResult(false, TimeSpan.FromSeconds(2), "timed out"));
    }
}
