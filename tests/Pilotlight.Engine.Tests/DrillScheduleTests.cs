using Pilotlight.Core.Providers;

namespace Pilotlight.Engine.Tests;

/// <summary>Issue 10: the controller runs the plan's drill schedule, and skips a drill (recording why) when it may not start.</summary>
public sealed class DrillScheduleTests
{
    // Every minute; the fake clock starts at 12:00:00, so the first occurrence is 12:01.
    private const string EveryMinute = """
        drills:
          - { name: minutely, schedule: "* * * * *", duration: 1s, mode: live }
        """;

    [Fact]
    public async Task ADueDrill_WhileThePlanIsNotReady_IsSkipped_WithTheReason_AndNotRun()
    {
        await using var harness = new EngineHarness(extraFailover: EveryMinute);
        harness.Systems.Roles["b"] = DatabaseRole.Unreachable;
        harness.StartWatching();

        await harness.AdvanceUntilAsync(() => harness.Engine.DrillLog().Length > 0, "the drill handled", rounds: 120);

        var entry = harness.Engine.DrillLog().ShouldHaveSingleItem();
        entry.Drill.ShouldBe("minutely");
        entry.Outcome.ShouldBe("skipped");
        entry.ScheduledFor.ShouldBe(new DateTimeOffset(2026, 12, 1, 12, 1, 0, TimeSpan.Zero));
        entry.Reason.ShouldNotBeNull().ShouldStartWith("the plan is NOT READY:");
        harness.Engine.History().ShouldBeEmpty();
        harness.Saw("drill", "drill minutely due at 12:01 skipped: the plan is NOT READY").ShouldBeTrue(harness.Transcript);
    }

    [Fact]
    public async Task ADueDrill_WhileAnotherExecutionHoldsTheLock_IsSkipped_WithTheReason()
    {
        await using var harness = new EngineHarness(extraFailover: EveryMinute);
        Directory.CreateDirectory(harness.Engine.Layout.StateDirectory);
        await using (await StateLock.AcquireAsync(harness.Engine.Layout.ExecutionLockPath, CancellationToken.None))
        {
            harness.StartWatching();
            await harness.AdvanceUntilAsync(() => harness.Engine.DrillLog().Length > 0, "the drill handled", rounds: 120);
        }

        var entry = harness.Engine.DrillLog().ShouldHaveSingleItem();
        entry.Outcome.ShouldBe("skipped");
        entry.Reason.ShouldBe("another execution runs: an execution holds the execution lock");
        harness.Engine.History().ShouldBeEmpty();
    }

    [Fact]
    public async Task ADueDrill_WhileAnotherDrillHoldsTheDrillLock_IsSkipped_AndADrillAskedForIsRefused_NamingIt()
    {
        await using var harness = new EngineHarness(extraFailover: EveryMinute);
        Directory.CreateDirectory(harness.Engine.Layout.StateDirectory);
        await using (await StateLock.AcquireAsync(harness.Engine.Layout.DrillLockPath, CancellationToken.None))
        {
            var refused = await Should.ThrowAsync<EngineException>(() => harness.Engine.DrillAsync(new Drills.DrillRequest(Core.Plans.DrillMode.Isolated, TimeSpan.FromSeconds(1)), null, CancellationToken.None));
            refused.Message.ShouldStartWith("another drill runs (pid ");
            refused.Message.ShouldEndWith("one drill at a time; wait for it to end");

            harness.StartWatching();
            await harness.AdvanceUntilAsync(() => harness.Engine.DrillLog().Length > 0, "the drill handled", rounds: 120);
        }

        var entry = harness.Engine.DrillLog().ShouldHaveSingleItem();
        entry.Outcome.ShouldBe("skipped");
        entry.Reason.ShouldBe("another execution runs: another drill holds the drill lock");
        harness.Engine.History().ShouldBeEmpty();
        StateLock.IsHeld(harness.Engine.Layout.ExecutionLockPath).ShouldBeFalse("the refused drill released the execution lock");
    }

    [Fact]
    public async Task ADueDrill_OnAReadyPlan_Starts_AndItsResultIsRecorded_OncePerOccurrence()
    {
        await using var harness = new EngineHarness(extraFailover: EveryMinute);
        harness.StartWatching();

        await harness.AdvanceUntilAsync(() => harness.Engine.DrillLog().Any(e => e.Outcome != "started"), "the drill's end recorded", rounds: 120);

        var log = harness.Engine.DrillLog();
        log[0].Outcome.ShouldBe("started", harness.Transcript);
        // The fake entry says nowhere where it answers, so the drill itself refuses, changing nothing — and says why.
        log[1].Outcome.ShouldBe("refused");
        log[1].Reason.ShouldNotBeNull().ShouldContain("entry_url");
        log.Count(e => e.ScheduledFor == log[0].ScheduledFor && e.Outcome == "started").ShouldBe(1);
        harness.Engine.ActiveSite.ShouldBe("a");
    }
}
