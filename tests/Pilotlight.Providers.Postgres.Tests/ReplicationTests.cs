using Npgsql;
using Pilotlight.Core.Processes;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres.Tests;

public sealed class ReplicationTests(PostgresPair pair) : IClassFixture<PostgresPair>
{
    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task RowCommittedOnPrimary_ReadableOnStandbyWithinOneSecond()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var table = $"t_{Guid.NewGuid():N}";
        await using var primary = new NpgsqlConnection(pair.Primary.ConnectionString);
        await primary.OpenAsync(timeout.Token);
        await ScalarAsync(primary, $"CREATE TABLE {table} (id int); INSERT INTO {table} VALUES (42); SELECT 1", timeout.Token);

        await using var standby = new NpgsqlConnection(pair.Standby.ConnectionString);
        await standby.OpenAsync(timeout.Token);
        await Poll.UntilAsync(
            async ct =>
            {
                try
                {
                    return await ScalarAsync(standby, $"SELECT count(*) FROM {table} WHERE id = 42", ct) == 1;
                }
                catch (PostgresException e) when (e.SqlState == "42P01")
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(1),
            "the row on the standby",
            timeout.Token,
            TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public async Task Synchronous_CommittedRowIsOnStandbyWhenCommitReturns()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var table = $"s_{Guid.NewGuid():N}";
        await pair.Primary.SetSynchronousStandbyAsync("b", timeout.Token);
        try
        {
            await using var primary = new NpgsqlConnection(pair.Primary.ConnectionString);
            await primary.OpenAsync(timeout.Token);
            await ScalarAsync(primary, $"CREATE TABLE {table} (id int); SELECT 1", timeout.Token);
            await using var standby = new NpgsqlConnection(pair.Standby.ConnectionString);
            await standby.OpenAsync(timeout.Token);
            for (var i = 1; i <= 50; i++)
            {
                await ScalarAsync(primary, $"INSERT INTO {table} VALUES ({i}); SELECT 1", timeout.Token);
                (await ScalarAsync(standby, $"SELECT count(*) FROM {table} WHERE id = {i}", timeout.Token)).ShouldBe(1, $"row {i} on the standby right after COMMIT");
            }
        }
        finally
        {
            await pair.Primary.SetSynchronousStandbyAsync(null, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Status_RolesTimelineAndIdleLagStaysZero()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var primary = await pair.Provider.GetStatusAsync("a", timeout.Token);
        primary.Role.ShouldBe(DatabaseRole.Primary);
        primary.Timeline.ShouldBe(1);
        primary.Lsn.ShouldNotBeNullOrEmpty();
        primary.Streaming.ShouldBeTrue();

        await Poll.UntilAsync(async ct => (await pair.Provider.GetStatusAsync("b", ct)).LagBytes == 0, TimeSpan.FromSeconds(10), "the standby to catch up", timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(1.5), timeout.Token);
        var standby = await pair.Provider.GetStatusAsync("b", timeout.Token);
        standby.Role.ShouldBe(DatabaseRole.Standby);
        standby.Streaming.ShouldBeTrue();
        standby.Timeline.ShouldBe(1);
        standby.LagBytes.ShouldBe(0);
        standby.LagTime.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task StartAndSetup_AreIdempotent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var before = pair.Primary.Running.ShouldNotBeNull();
        (await pair.Primary.StartAsync(timeout.Token)).Pid.ShouldBe(before.Pid);
        await pair.Primary.InitPrimaryAsync(timeout.Token);
        await pair.Standby.CreateStandbyAsync(pair.Primary, timeout.Token);
        await pair.Primary.EnsureDatabaseAsync(timeout.Token);
        pair.Primary.Running!.Pid.ShouldBe(before.Pid);
    }
}
