using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.EndToEnd;

/// <summary>
/// Seed 001 end to end: the real pilotlight CLI on the seed plan against moto, as an operator would run it — status,
/// the loss of eu-west-1, failover, (after the region returns) failback and a drill — and moto's state read back with
/// boto3 after each.
/// </summary>
public sealed class SeedEndToEndTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private readonly MotoServer _moto = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(10));
    private SeedWorld? _world;

    private SeedWorld World => _world ?? throw new InvalidOperationException("not initialized");

    private CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync()
    {
        await _moto.InitializeAsync();
        _world = await SeedWorld.CreateAsync(_moto, Token);
    }

    public async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }

        await _moto.DisposeAsync();
    }

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Status_LossOfEu_Failover()
    {
        var status = await World.PilotlightAsync(CommandTimeout, "status");
        status.ExitCode.ShouldBe(0, status.All);
        status.Output.ShouldContain("ok  compute   application shop 1.4.2 present", customMessage: "both groups carry the release tag: template ids differ per region");

        World.Lose("eu-west-1");
        var lost = await World.PilotlightAsync(CommandTimeout, "status");

        var failover = await World.PilotlightAsync(CommandTimeout, "failover");
        failover.ExitCode.ShouldBe(0, status.All + lost.All + failover.All);
    }
}
