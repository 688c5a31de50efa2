using System.Collections.Immutable;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Runbooks;

public sealed class SwitchoverRunbookTests
{
    private static readonly Pilotlight.Core.Plans.Plan Plan = SamplePlans.Parse(SamplePlans.Valid).Plan!;

    // A database whose API reads no table (as aws-rds): only the consistency step is run here.
    private sealed class CannotRead(string? cannotCompare) : Untouched, IDatabaseSwitchover
    {
        public int Compared { get; private set; }

        public string? CannotCompare => cannotCompare;

        public Task<ConsistencyReport> CompareAsync(string primarySite, string standbySite, CancellationToken cancellationToken)
        {
            Compared++;
            return Task.FromResult(new ConsistencyReport("0/16B3748", [new TableConsistency("public.orders", 3, 3, "k", "k", "s", "s")]));
        }

        public Task<ImmutableArray<string>> CheckOperableAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task<string> DemoteAsync(string site, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task<bool> HasReplayedAsync(string site, string token, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task<StandbyRebuild> RebuildAsStandbyAsync(string site, string primarySite, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task<bool> IsStandbyOfAsync(string site, string primarySite, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task ConfigureReplicationAsync(string primarySite, string standbySite, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task<bool> IsReplicationConfiguredAsync(string primarySite, string standbySite, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");

        public Task<DivergenceReport> CaptureDivergenceAsync(string oldSite, string primarySite, string sqlPath, CancellationToken cancellationToken) => throw new InvalidOperationException("touched");
    }

    private static Pilotlight.Core.Runbooks.RunbookStep VerifyConsistency(CannotRead db)
    {
        var runbook = SwitchoverRunbook.Build(Plan, SwitchoverRunbook.FailbackOperation, "dr", "eu", new SwitchoverParts
        {
            Traffic = db,
            Database = db,
            Replication = db,
            Compute = db,
            ServesThroughEntry = (_, _) => throw new InvalidOperationException("touched"),
            ActiveSite = () => "dr",
            RecordActiveSite = _ => throw new InvalidOperationException("touched"),
            Notify = (_, _) => throw new InvalidOperationException("touched"),
            LoadToken = () => null,
            SaveToken = _ => throw new InvalidOperationException("touched"),
            DivergencePath = "/nonexistent/divergence.sql",
        });
        return runbook.Steps.Single(s => s.Id == "verify-consistency");
    }

    [Fact]
    public async Task VerifyConsistency_ProviderCannotCompare_ComparesNothingAndSaysWhyInTheOutcome()
    {
        var db = new CannotRead("the RDS API cannot read tables");
        var step = VerifyConsistency(db);

        await step.Execute(CancellationToken.None);

        db.Compared.ShouldBe(0);
        step.Outcome.ShouldNotBeNull().Invoke().ShouldBe("not compared: the RDS API cannot read tables");
    }

    [Fact]
    public async Task VerifyConsistency_ProviderCanCompare_ComparesAndCountsTheTables()
    {
        var db = new CannotRead(null);
        var step = VerifyConsistency(db);

        await step.Execute(CancellationToken.None);

        db.Compared.ShouldBe(1);
        step.Outcome.ShouldNotBeNull().Invoke().ShouldBe("1 tables, 3 rows equal at 0/16B3748");
    }
}
