using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Readiness;
using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Runbooks;

public sealed class ReadinessRulesTests
{
    private static readonly Pilotlight.Core.Plans.Plan Plan = SamplePlans.Parse(SamplePlans.Valid).Plan!;

    private static readonly ReadinessObservations Good = new()
    {
        StandbyDatabase = new DatabaseStatus("dr", DatabaseRole.Standby, 1, "0/3000060", 0, TimeSpan.Zero, true, null),
        ActiveArtifact = "abc",
        StandbyArtifact = "abc",
        EntryHasStandbyBackend = true,
    };

    private static string[] Failing(ReadinessObservations observed) =>
        [.. ReadinessRules.Evaluate(Plan, "dr", observed).Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}")];

    [Fact]
    public void AllGood_Ready()
    {
        var report = ReadinessRules.Evaluate(Plan, "dr", Good);
        report.Ready.ShouldBeTrue();
        report.Checks.Select(c => c.Name).ShouldBe(["database", "compute", "capacity", "traffic"]);
    }

    [Fact]
    public void VantagePointsWithoutProbes_BelowTheQuorum_NotReady_AtOrAboveIt_NoDetectionLine()
    {
        var plan = Plan with
        {
            Health = Plan.Health with
            {
                Quorum = 2,
                VantagePoints = [new("public", VantageRoute.Entry), new("regional", VantageRoute.Direct), new("route53", VantageRoute.Traffic)],
            },
        };
        string[] FailingOf(ReadinessObservations observed) =>
            [.. ReadinessRules.Evaluate(plan, "dr", observed).Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}")];

        FailingOf(Good with { UnprobedVantagePoints = ["route53"] }).ShouldBeEmpty("two of three can probe: the quorum of 2 can be reached");
        FailingOf(Good with { UnprobedVantagePoints = ["regional", "route53"] })
            .ShouldBe(["detection: only 1 of 3 vantage points can probe site eu, quorum 2: its loss could never be declared (no provider offers a probe from regional, route53)"]);
        ReadinessRules.Evaluate(plan, "dr", Good).Checks.Select(c => c.Name).ShouldNotContain("detection", "a line only when it fails");
    }

    [Fact]
    public void ReplicaLagBeyondRpo_NotReady() =>
        Failing(Good with { StandbyDatabase = Good.StandbyDatabase! with { LagBytes = 9000, LagTime = TimeSpan.FromMinutes(6) } })
            .ShouldBe(["database: replica lag 6m exceeds rpo 5m"]);

    [Fact]
    public void ReplicaNotStreamingOrUnreachableOrPrimary_NotReady()
    {
        Failing(Good with { StandbyDatabase = Good.StandbyDatabase! with { Streaming = false } }).ShouldBe(["database: replica is not streaming"]);
        Failing(Good with { StandbyDatabase = new DatabaseStatus("dr", DatabaseRole.Unreachable, null, null, null, null, false, "port 5433: refused") }).ShouldBe(["database: replica unreachable: port 5433: refused"]);
        Failing(Good with { StandbyDatabase = Good.StandbyDatabase! with { Role = DatabaseRole.Primary } }).ShouldBe(["database: site dr's database is a primary, not a replica"]);
    }

    [Fact]
    public void DifferentOrMissingApplication_NotReady()
    {
        Failing(Good with { StandbyArtifact = "old" }).ShouldBe(["compute: site dr has application old, the active site runs abc"]);
        Failing(Good with { StandbyArtifact = null }).ShouldBe(["compute: the application is not present in site dr"]);
    }

    [Fact]
    public void EntryWithoutStandby_NotReady() =>
        Failing(Good with { EntryHasStandbyBackend = false }).ShouldBe(["traffic: the entry has no backend for site dr"]);

    [Fact]
    public void ObjectsReplicatingFromTheStandbyOrDirectionUnreadable_NotReady_TheActiveWayReady()
    {
        var plan = SamplePlans.Parse(SamplePlans.With("traffic:", "objects:\n  provider: filesystem\n  config:\n    eu: { path: /srv/eu }\n    dr: { path: /srv/dr }\ntraffic:")).Plan!;
        var drained = Good with { ObjectBacklog = new ObjectBacklog(0, TimeSpan.Zero) };
        string[] FailingOf(ReadinessObservations observed) =>
            [.. ReadinessRules.Evaluate(plan, "dr", observed).Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}")];

        FailingOf(drained with { ObjectsDirection = new ReplicationDirection("dr", "eu") })
            .ShouldBe(["objects: replication runs dr->eu, from site dr to site eu, not from the active site eu to the standby dr"]);
        FailingOf(drained with { ObjectsDirectionProblem = "/s/objects-direction.json: not an objects replication direction (empty); expected …" })
            .ShouldBe(["objects: replication direction unknown: /s/objects-direction.json: not an objects replication direction (empty); expected …"]);
        FailingOf(drained with { ObjectsDirection = new ReplicationDirection("eu", "dr") }).ShouldBeEmpty();
        FailingOf(drained).ShouldBeEmpty();
    }
}
