using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.EndToEnd;

/// <summary>A test of one seed's world: a moto_server of its own, the world provisioned into it, both gone after the test.</summary>
public abstract class SeedWorldTest : IAsyncLifetime, IDisposable
{
    protected static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private readonly SeedWorld.Seed _seed;
    private readonly bool _aurora;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(10));
    private SeedWorld? _world;

    private protected SeedWorldTest(SeedWorld.Seed seed, bool aurora = false)
    {
        _seed = seed;
        _aurora = aurora;
    }

    protected MotoServer Moto { get; } = new();

    private protected SeedWorld World => _world ?? throw new InvalidOperationException("not initialized");

    protected CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync()
    {
        await Moto.InitializeAsync();
        _world = await SeedWorld.CreateAsync(Moto, _seed, Token, _aurora);
    }

    public async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }

        await Moto.DisposeAsync();
    }

    public void Dispose()
    {
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }
}
