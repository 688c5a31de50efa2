using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Pilotlight.Processes;
using Pilotlight.Core.Providers;
using Xunit.Abstractions;

namespace Pilotlight.Providers.Postgres.Tests;

/// <summary>A healthy pair, shared: these tests use tables of their own and leave the pair as they found it.</summary>
public sealed class ReplicationTests(PostgresPair pair, ITestOutputHelper output) : IClassFixture<PostgresPair>
{
    [Fact]
    public async Task RowCommittedOnPrimary_IsReadableOnStandbyWithinOneSecond()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var table = $"t_{Guid.NewGuid():N}";
        await using var primary = await OpenAsync(pair.Primary, timeout.Token);
        await ExecuteAsync(primary, $"CREATE TABLE {table} (id int)", timeout.Token);
        await ExecuteAsync(primary, $"INSERT INTO {table} VALUES (42)", timeout.Token);

        var clock = Stopwatch.StartNew();
        await using var standby = await OpenAsync(pair.Standby, timeout.Token);
        await Poll.UntilAsync(
            async ct =>
            {
                try
                {
                    return await CountAsync(standby, $"SELECT count(*) FROM {table} WHERE id = 42", ct) == 1;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(1),
            $"the row in {table} on the standby",
            timeout.Token,
            TimeSpan.FromMilliseconds(5));
        output.WriteLine($"visible on the standby after {clock.Elapsed.TotalMilliseconds:0.0} ms");
    }

    [Fact]
    public async Task SynchronousStandby_CommittedRowIsOnStandbyWhenCommitReturns()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var table = $"s_{Guid.NewGuid():N}";
        await pair.Primary.SetSynchronousStandbyAsync("b", timeout.Token);
        try
        {
            await using var primary = await OpenAsync(pair.Primary, timeout.Token);
            await ExecuteAsync(primary, $"CREATE TABLE {table} (id int)", timeout.Token);
            await using var standby = await OpenAsync(pair.Standby, timeout.Token);
            for (var i = 1; i <= 50; i++)
            {
                await ExecuteAsync(primary, $"INSERT INTO {table} VALUES ({i})", timeout.Token);
                (await CountAsync(standby, $"SELECT count(*) FROM {table} WHERE id = {i}", timeout.Token)).ShouldBe(1, $"row {i} on the standby right after COMMIT");
            }
        }
        finally
        {
            await pair.Primary.SetSynchronousStandbyAsync(null, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Status_ReportsRolesAndTimeline_AndIdleLagStaysZero()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var provider = pair.Provider;
        var primary = await provider.GetStatusAsync("a", timeout.Token);
        primary.ShouldSatisfyAllConditions(
            () => primary.Role.ShouldBe(DatabaseRole.Primary),
            () => primary.Timeline.ShouldBe(1),
            () => primary.Lsn.ShouldNotBeNullOrEmpty(),
            () => primary.Streaming.ShouldBeTrue(),
            () => primary.LagBytes.ShouldBeNull(),
            () => primary.LagTime.ShouldBeNull(),
            () => primary.Problem.ShouldBeNull());

        DatabaseStatus? seen = null;
        try
        {
            await Poll.UntilAsync(
                async ct => (seen = await provider.GetStatusAsync("b", ct)) is { LagBytes: 0, LagTime.Ticks: 0 },
                TimeSpan.FromSeconds(10),
                "the standby to catch up",
                timeout.Token);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last seen {seen}", e);
        }

        // Idle from here on: the lag must not grow with the time since the last transaction.
        var idle = Stopwatch.StartNew();
        while (idle.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            (await provider.GetStatusAsync("b", timeout.Token)).LagTime.ShouldBe(TimeSpan.Zero);
            await Task.Delay(100, timeout.Token);
        }

        var standby = await provider.GetStatusAsync("b", timeout.Token);
        standby.ShouldSatisfyAllConditions(
            () => standby.Role.ShouldBe(DatabaseRole.Standby),
            () => standby.Streaming.ShouldBeTrue(),
            () => standby.Timeline.ShouldBe(1),
            () => standby.Lsn.ShouldNotBeNullOrEmpty(),
            () => standby.LagBytes.ShouldBe(0),
            () => standby.LagTime.ShouldBe(TimeSpan.Zero),
            () => standby.Problem.ShouldBeNull());
    }

    [Fact]
    public async Task StartAndSetup_CalledAgain_ChangeNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var primary = pair.Primary.Running.ShouldNotBeNull();
        var standby = pair.Standby.Running.ShouldNotBeNull();
        var standbyConfig = await File.ReadAllTextAsync(Path.Combine(pair.Standby.DataDir, "postgresql.auto.conf"), timeout.Token);

        (await pair.StartAsync(pair.Primary, timeout.Token)).ShouldBe(primary);
        (await pair.StartAsync(pair.Standby, timeout.Token)).ShouldBe(standby);
        await pair.Primary.InitPrimaryAsync(timeout.Token);
        await pair.Standby.CreateStandbyAsync(pair.Primary, timeout.Token);
        await pair.Primary.EnsureDatabaseAsync(timeout.Token);

        pair.Primary.Running.ShouldBe(primary);
        pair.Standby.Running.ShouldBe(standby);
        (await File.ReadAllTextAsync(Path.Combine(pair.Standby.DataDir, "postgresql.auto.conf"), timeout.Token)).ShouldBe(standbyConfig);
        System.IO.Directory.GetDirectories(pair.Directory, "*", SearchOption.AllDirectories).ShouldNotContain(d => d.EndsWith(".initdb", StringComparison.Ordinal) || d.EndsWith(".basebackup", StringComparison.Ordinal));
    }

    [Fact]
    public void SetupTimings_AreReported()
    {
        foreach (var (step, took) in pair.Timings)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step}: {took.TotalSeconds:0.00} s"));
        }

        pair.Timings.Count.ShouldBe(4);
    }

    private static async Task<NpgsqlConnection> OpenAsync(PostgresNode node, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(node.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
