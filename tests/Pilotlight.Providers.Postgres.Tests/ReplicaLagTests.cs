using Pilotlight.Providers.Postgres.Status;

namespace Pilotlight.Providers.Postgres.Tests;

public sealed class ReplicaLagTests
{
    private static readonly DateTime LastReplayed = new(2025, 1, 6, 0, 5, 0, DateTimeKind.Utc);

    private static ServerObservation Standby(long? unreplayed = 0, TimeSpan? sinceLastReplayed = null) =>
        new(true, 1, "0/3000060", unreplayed, true, 0, LastReplayed, sinceLastReplayed ?? TimeSpan.FromHours(3));

    [Fact]
    public void CaughtUp_IsZero_HoweverLongAgoTheLastCommit() =>
        ReplicaLag.Estimate(Standby(), new PrimaryView(0, LastReplayed)).ShouldBe((0L, TimeSpan.Zero));

    [Fact]
    public void OnlyWalWithoutCommitsMissing_HasBytesButNoTimeLag() =>
        ReplicaLag.Estimate(Standby(), new PrimaryView(120, LastReplayed)).ShouldBe((120L, TimeSpan.Zero));

    [Fact]
    public void CommitsMissing_LagIsTheGapBetweenThePrimarysLastCommitAndTheLastReplayed() =>
        ReplicaLag.Estimate(Standby(), new PrimaryView(5000, LastReplayed.AddSeconds(1.5))).ShouldBe((5000L, TimeSpan.FromSeconds(1.5)));

    [Fact]
    public void PrimaryWithoutCommitTimestamps_LagIsTheAgeOfTheLastReplayedCommit() =>
        ReplicaLag.Estimate(Standby(sinceLastReplayed: TimeSpan.FromSeconds(4)), new PrimaryView(5000, null)).ShouldBe((5000L, TimeSpan.FromSeconds(4)));

    [Fact]
    public void PrimaryBehindTheStandby_IsNoLag() =>
        ReplicaLag.Estimate(Standby(), new PrimaryView(-80, LastReplayed)).ShouldBe((0L, TimeSpan.Zero));

    [Fact]
    public void RpoGateBlindOncePrimaryDead_PrimaryLost_EverythingReceivedReplayed_TimeLagIsUnknownNotZero() =>
        ReplicaLag.Estimate(Standby(unreplayed: 0), null).ShouldBe((0L, (TimeSpan?)null));

    [Fact]
    public void PrimaryLost_ReplayBehind_BytesReceivedAreKnown_TimeLagIsUnknown() =>
        ReplicaLag.Estimate(Standby(unreplayed: 700, sinceLastReplayed: TimeSpan.FromSeconds(2)), null).ShouldBe((700L, (TimeSpan?)null));

    [Fact]
    public void PrimaryLost_NothingEverReceived_IsUnknown() =>
        ReplicaLag.Estimate(Standby(unreplayed: null), null).ShouldBe(((long?)null, (TimeSpan?)null));
}
