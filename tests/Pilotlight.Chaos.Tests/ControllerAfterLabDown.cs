using Xunit.Abstractions;

using Pilotlight.Engine;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Scenario 6, continued (finding 4): a controller left running after <c>lab down</c> — every site is gone, on purpose.</summary>
public sealed class ControllerAfterLabDown(ITestOutputHelper output)
{
    [Fact]
    public async Task WatchLeftRunningAfterLabDown_ItStopsWithAnError_InsteadOfFailingOver()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: false, ct);
        var lab = chaos.Lab;
        await using var controller = new ControllerRun(lab, output, ct);
        await controller.WaitUntilSteadyAsync(lab, ct);

        // What `pilotlight lab down` does (without --purge: the state directory stays).
        await lab.DownAsync(purge: false, ct);
        var down = DateTimeOffset.UtcNow;

        var stopped = await Task.WhenAny(controller.Completion, Task.Delay(TimeSpan.FromSeconds(30), ct));
        stopped.ShouldBe(controller.Completion, $"the controller should stop on its own after lab down (down at {down:HH:mm:ss.fff})\n{controller.Transcript}");
        var error = await Should.ThrowAsync<EngineException>(() => controller.Completion);
        output.WriteLine($"the controller stopped: {error.Message}");
        controller.Events.ShouldNotContain(e => e.Kind == "failover", controller.Transcript);
        lab.Engine().History().ShouldBeEmpty();
    }

    [Fact]
    public async Task WatchLeftRunningAfterLabDownPurge_ItStopsWithAnError_InsteadOfFailingOver()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: false, ct);
        var lab = chaos.Lab;
        await using var controller = new ControllerRun(lab, output, ct);
        await controller.WaitUntilSteadyAsync(lab, ct);

        // What `pilotlight lab down --purge` does: the state directory goes too.
        await lab.DownAsync(purge: true, ct);
        var down = DateTimeOffset.UtcNow;

        var stopped = await Task.WhenAny(controller.Completion, Task.Delay(TimeSpan.FromSeconds(30), ct));
        stopped.ShouldBe(controller.Completion, $"the controller should stop on its own after lab down --purge (down at {down:HH:mm:ss.fff})\n{controller.Transcript}");
        var error = await Should.ThrowAsync<EngineException>(() => controller.Completion);
        output.WriteLine($"the controller stopped: {error.Message}");
        controller.Events.ShouldNotContain(e => e.Kind == "failover", controller.Transcript);
    }
}
