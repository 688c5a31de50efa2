using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Scenario 7: the controller — a real <c>pilotlight watch</c> process — SIGKILLed at a random instant of the failover, then started again.</summary>
public sealed class ControllerKilledDuringFailover(ITestOutputHelper output)
{
    /// <summary>Set to replay a run: the seed of the kill offset.</summary>
    public const string SeedVariable = "PILOTLIGHT_CHAOS_SEED";

    [Fact]
    public async Task WatchProcessKilledAtARandomOffsetIntoTheFailover_RestartedItFinishes_OneSucceededExecution_NoAcknowledgedWriteLost()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var given) ? given : Random.Shared.Next();
        var offset = TimeSpan.FromMilliseconds(new Random(seed).Next(0, 1500));
        output.WriteLine($"{SeedVariable}={seed}: the controller is killed {offset.TotalMilliseconds:0} ms after the failover starts");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var chaos = await ChaosLab.StartAsync(synchronous: true, ct);
        var lab = chaos.Lab;
        await using var witnesses = Witnesses.Start(lab, output);
        await using var first = ControllerProcess.Start(lab, "controller-1");
        try
        {
            await first.WaitForAsync(l => l.Kind == "ready" && l.Text.StartsWith("READY", StringComparison.Ordinal), "the controller to find b ready", TimeSpan.FromSeconds(60), ct);
            await Eventually.HoldsAsync(() => File.Exists(Path.Combine(lab.Layout.StateDirectory, "replication-proof.json")) && witnesses.Entry.Acknowledged.Count >= 20, TimeSpan.FromSeconds(30), "a replication proof and orders acknowledged by a", () => first.Transcript + "\n" + witnesses.Story(), ct);

            await lab.DisasterAsync("a", DisasterMode.Kill, ct);
            await first.WaitForAsync(l => l.Kind == "failover", "the failover to start", TimeSpan.FromSeconds(60), ct);
            await Task.Delay(offset, ct); // the chaos: where in the failover the controller dies
            await first.KillAsync(ct);
            output.WriteLine($"killed {first.Name} at {DateTimeOffset.UtcNow:HH:mm:ss.fff}; history then: {string.Join("; ", lab.Engine().History().Select(Witnesses.Steps))}");
        }
        finally
        {
            output.WriteLine(first.Transcript);
        }

        await using var second = ControllerProcess.Start(lab, "controller-2");
        try
        {
            await Eventually.HoldsAsync(() => lab.Engine().History() is [{ Outcome: ExecutionOutcome.Succeeded }], TimeSpan.FromSeconds(90), "one succeeded execution", () => second.Transcript, ct);
            await Eventually.HoldsAsync(() => witnesses.Entry.Acknowledged.Count(o => o.Site == "b") >= 20, TimeSpan.FromSeconds(30), "orders acknowledged by b through the entry", witnesses.Story, ct);
            await witnesses.StopAsync();
        }
        finally
        {
            output.WriteLine(second.Transcript);
        }

        var execution = lab.Engine().History().ShouldHaveSingleItem();
        output.WriteLine(Witnesses.Steps(execution));
        execution.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        var status = await lab.StatusAsync(TimeProvider.System, ct);
        status.ActiveSite.ShouldBe("b");
        status.Sites[1].Database.Role.ShouldBe(DatabaseRole.Primary);
        status.Sites[1].Database.Timeline.ShouldBe(2, "exactly one promotion");
        (await witnesses.LostAsync(lab, ct)).ShouldBeEmpty("acknowledged orders missing on b after a synchronous failover");
        witnesses.AssertOldPrimaryTookNoWriteAfterItsFence(execution);
        witnesses.AssertEntryNeverRoutedToAWritableOldPrimary(execution);
    }
}
