using Pilotlight.Processes;

namespace Pilotlight.Lab.Tests;

/// <summary>
/// A real lab on its own ports and state directory, brought up once for a test class and always taken down —
/// every process stopped by PID, the directory deleted — even when tests fail.
/// </summary>
public abstract class LabFixture : IAsyncLifetime
{
    private static int _nextBase = 21000 + (Environment.ProcessId % 40 * 100);

    protected LabFixture(bool synchronous) => Synchronous = synchronous;

    public bool Synchronous { get; }

    public Lab Lab { get; private set; } = null!;

    public LabUpResult Up { get; private set; } = null!;

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}");

    public static Lab Create(string stateDirectory, int basePort, bool synchronous) => new(new LabOptions
    {
        StateDirectory = stateDirectory,
        BasePort = basePort,
        Synchronous = synchronous,
        ShopAssembly = Repository.ShopAssembly,
        PilotlightCommand = ["dotnet", Repository.CliAssembly],
    });

    /// <summary>A base port whose lab ports are all free, distinct for every lab this test run creates.</summary>
    public static int FreeBasePort()
    {
        while (true)
        {
            var candidate = Interlocked.Add(ref _nextBase, 100);
            if (new LabLayout("/", candidate).AllPorts.All(Ports.IsFree))
            {
                return candidate;
            }
        }
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Lab = Create(StateDirectory, FreeBasePort(), Synchronous);
        Up = await Lab.UpAsync(null, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Lab.DownAsync(purge: true, timeout.Token);
    }
}

/// <summary>An asynchronous lab shared by one test class.</summary>
public sealed class AsyncLabFixture() : LabFixture(synchronous: false);

/// <summary>A synchronous lab shared by one test class.</summary>
public sealed class SyncLabFixture() : LabFixture(synchronous: true);
