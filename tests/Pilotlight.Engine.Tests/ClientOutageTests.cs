using Pilotlight.Core.Evidence;
using Pilotlight.Engine.Drills;

namespace Pilotlight.Engine.Tests;

/// <summary>The client-seen outage from entry probes or a ledger: never shorter than what clients saw.</summary>
public sealed class ClientOutageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static ProbeSample At(double seconds, bool ok) => new(T0.AddSeconds(seconds), ok, 5, ok ? "a" : null, ok ? null : "refused");

    [Fact]
    public void TheLongestGapBetweenSuccesses_IsTheOutage()
    {
        var outage = EntryRecorder.Outage([At(0, true), At(0.2, true), At(0.4, false), At(0.6, false), At(1.4, true), At(1.6, true)]).ShouldNotBeNull();
        outage.LastSuccessBefore.ShouldBe(T0.AddSeconds(0.2));
        outage.FirstSuccessAfter.ShouldBe(T0.AddSeconds(1.4));
        outage.Seconds.ShouldNotBeNull().ShouldBe(1.2, 1e-3);
    }

    [Fact]
    public void FailingFromTheFirstSample_WithNothingKnownBefore_HasNoKnownStart()
    {
        var outage = EntryRecorder.Outage([At(0, false), At(10, false), At(20, true), At(20.2, true)]).ShouldNotBeNull();
        outage.LastSuccessBefore.ShouldBeNull();
        outage.Seconds.ShouldBeNull();
    }

    [Fact]
    public void AnOutageThatBeganBeforeRecording_CountsFromTheLastHealthyRound()
    {
        var outage = EntryRecorder.Outage([At(0, false), At(2, true), At(2.2, true)], lastHealthyBefore: T0.AddSeconds(-3)).ShouldNotBeNull();
        outage.Seconds.ShouldNotBeNull().ShouldBe(5, 1e-3);
    }

    [Fact]
    public void StillFailingAtTheEnd_IsAnOutageWithoutAnEnd()
    {
        var outage = EntryRecorder.Outage([At(0, true), At(0.2, false), At(5, false)]).ShouldNotBeNull();
        outage.LastSuccessBefore.ShouldBe(T0);
        outage.FirstSuccessAfter.ShouldBeNull();
    }
}
