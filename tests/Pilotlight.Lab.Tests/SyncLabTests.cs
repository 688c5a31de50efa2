using Npgsql;

namespace Pilotlight.Lab.Tests;

public sealed class SyncLabTests(SyncLabFixture fixture) : IClassFixture<SyncLabFixture>
{
    [Fact]
    public async Task SyncReplication_CommittedRowIsOnBWhenCommitReturns()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var standby = new NpgsqlConnection(fixture.Lab.Database("b").ConnectionString);
        await standby.OpenAsync(timeout.Token);
        for (var i = 0; i < 20; i++)
        {
            var order = await LabHttp.PlaceOrderAsync(fixture.Up.EntryUrl, $"sync-{i}", timeout.Token);

            // Synchronous commit waits for the standby's flush; with remote_apply it is visible at once. Read without waiting.
            await using var command = new NpgsqlCommand("SELECT count(*) FROM orders WHERE id = $1", standby) { Parameters = { new() { Value = order.Id } } };
            ((long)(await command.ExecuteScalarAsync(timeout.Token))!).ShouldBe(1, $"order {order.Id} on b right after COMMIT");
        }
    }
}
