using Npgsql;
using Pilotlight.Processes;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>
/// A real lab for one scenario, on ports of its own (from 26000 up, apart from Pilotlight.Lab.Tests' range) and a
/// state directory of its own, always taken down — every process stopped by PID, the directory deleted. At most
/// <see cref="MaxConcurrentLabs"/> lab runs at a time: these scenarios measure timing, and a lab now runs more processes (a
/// replicator per site), so two at once on two cores made them flaky.
/// </summary>
internal sealed class ChaosLab : IAsyncDisposable
{
    public const int MaxConcurrentLabs = 1;

    private static readonly SemaphoreSlim Slots = new(MaxConcurrentLabs);
    private static int _nextBase = 26000 + (Environment.ProcessId % 30 * 100);
    private readonly List<ProcessRecord> _extra = [];
    private bool _slotHeld;

    private ChaosLab(Lab lab) => Lab = lab;

    public Lab Lab { get; }

    /// <summary>Brings up a lab (site a active, b the pilot light) with the chaos_probe table the adversarial client writes to.</summary>
    public static async Task<ChaosLab> StartAsync(bool synchronous, CancellationToken cancellationToken, bool netns = false)
    {
        if (netns && !ProcessLauncher.IsRoot)
        {
            throw new InvalidOperationException("this scenario needs root: it partitions a site's network namespace (ip netns); CI runs as root — run the chaos suite as root");
        }

        await Slots.WaitAsync(cancellationToken);
        var basePort = FreeBasePort(netns);
        var lab = new Lab(new LabOptions
        {
            StateDirectory = Path.Combine(Path.GetTempPath(), $"pilotlight-chaos-{Guid.NewGuid():N}"),
            BasePort = basePort,
            Synchronous = synchronous,
            Netns = netns,
            ShopAssembly = Repository.ShopAssembly,
            PilotlightCommand = ["dotnet", Repository.CliAssembly],
        });
        var chaos = new ChaosLab(lab) { _slotHeld = true };
        try
        {
            await lab.UpAsync(null, cancellationToken);

            // Scenarios test fences and invariants, not the RPO gate (StalledReplicationThenKill does): a data-loss budget
            // that slow detection on a busy 2-core machine cannot exceed, so an automatic failover stays automatic.
            await chaos.EditPlanAsync("rpo: 5s", "rpo: 60s", cancellationToken);
            await chaos.EditPlanAsync("max_data_loss: 5s", "max_data_loss: 60s", cancellationToken);
            await using var connection = new NpgsqlConnection(lab.Database("a").ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS chaos_probe (id bigserial PRIMARY KEY, site text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())", connection) { CommandTimeout = 60 };
            await create.ExecuteNonQueryAsync(cancellationToken);
            return chaos;
        }
        catch
        {
            await chaos.DisposeAsync();
            throw;
        }
    }

    /// <summary>A process the scenario froze or started outside the lab's records, stopped by PID at the end.</summary>
    public void Track(ProcessRecord process) => _extra.Add(process);

    /// <summary>Rewrites the lab's plan (e.g. a tighter max_data_loss) before a controller reads it.</summary>
    public async Task EditPlanAsync(string from, string to, CancellationToken cancellationToken)
    {
        var plan = await File.ReadAllTextAsync(Lab.Layout.PlanPath, cancellationToken);
        plan.ShouldContain(from, customMessage: $"the lab's plan should say '{from}'");
        await File.WriteAllTextAsync(Lab.Layout.PlanPath, plan.Replace(from, to, StringComparison.Ordinal), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var process in _extra)
            {
                Signals.Send(process, Signals.Kill);
                Signals.Send(process, Signals.Cont);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            if (Directory.Exists(Lab.Layout.StateDirectory))
            {
                await Lab.DownAsync(purge: true, timeout.Token);
            }
        }
        finally
        {
            if (_slotHeld)
            {
                _slotHeld = false;
                Slots.Release();
            }
        }
    }

    /// <summary>A base port whose lab ports are all free (and, for site networks, whose namespaces do not exist yet).</summary>
    private static int FreeBasePort(bool netns)
    {
        var existing = netns ? NamespacesNow() : [];
        while (true)
        {
            var candidate = Interlocked.Add(ref _nextBase, 100);
            if (new LabLayout("/", candidate).AllPorts.All(Ports.IsFree)
                && !existing.Contains($"pl{candidate / 100 % 256}a"))
            {
                return candidate;
            }
        }
    }

    private static HashSet<string> NamespacesNow() =>
        Directory.Exists("/run/netns") ? [.. Directory.EnumerateFileSystemEntries("/run/netns").Select(p => Path.GetFileName(p))] : [];
}
