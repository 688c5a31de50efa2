using Pilotlight.Core.Providers;
using static Pilotlight.Providers.Postgres.Tests.Switchover.SwitchoverFixture;

namespace Pilotlight.Providers.Postgres.Tests.Switchover;

/// <summary>The same switchover over the lab's own nodes (trusted local connections, no plan): the provider the lab builds.</summary>
public sealed class LabNodeSwitchoverTests
{
    [Fact]
    public async Task Switchover_LabNodes_DemotedPromotedAndAttachedBack()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var pair = new PostgresPair();
        await pair.InitializeAsync();
        try
        {
            var provider = pair.Provider;
            (await provider.CheckOperableAsync("a", timeout.Token)).ShouldBeEmpty();
            await pair.Primary.EnsureDatabaseAsync(timeout.Token);
            await ExecuteAsync(pair.Primary, "CREATE TABLE notes (id int PRIMARY KEY, note text); INSERT INTO notes VALUES (1, 'on a')", timeout.Token);

            var token = await provider.DemoteAsync("a", timeout.Token);
            await WaitReplayedAsync(provider, "b", token, timeout.Token);
            await provider.PromoteAsync("b", timeout.Token);
            var rebuild = await provider.RebuildAsStandbyAsync("a", "b", timeout.Token);

            rebuild.ShouldBeStandbyMethod(StandbyRebuild.Attached);
            (await provider.IsStandbyOfAsync("a", "b", timeout.Token)).ShouldBeTrue();
            pair.Primary.Running.ShouldNotBeNull("the server is tracked by postmaster.pid, as the lab starts it");
            (await provider.CompareAsync("b", "a", timeout.Token)).Consistent.ShouldBeTrue();
        }
        finally
        {
            await pair.DisposeAsync();
        }
    }
}
