using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// A runtime provider test against moto: the seed plan with names of its own, a client of that moto, and a bound on the
/// whole test; all disposed after it.
/// </summary>
public abstract class SeedPlanTest : IDisposable
{
    private readonly CancellationTokenSource _timeout;

    private protected SeedPlanTest(MotoServer moto, TimeSpan timeout)
    {
        Moto = moto;
        _timeout = new CancellationTokenSource(timeout);
        Client = moto.Client();
    }

    protected MotoServer Moto { get; }

    private protected AwsClient Client { get; }

    private protected SeedPlan Seed { get; } = SeedPlan.Read(Guid.NewGuid().ToString("N")[..8]);

    protected CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Seed.Dispose();
            Client.Dispose();
            _timeout.Dispose();
        }
    }
}
