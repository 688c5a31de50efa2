using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Engine.Tests;

/// <summary>
/// Two fake sites, a and b, behind the three contracts the engine drives: a database that replicates a→b, compute
/// that scales at once, an entry that routes to one site. What each site does is set by the test; every call is
/// recorded so a test can say what the engine did.
/// </summary>
internal sealed class FakeSystems : IDatabaseProvider, IDatabaseSwitchover, IComputeProvider, ITrafficProvider, IProbeSource
{
    private readonly Lock _gate = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Sites whose workload answers its probes (and, for the database, its questions).</summary>
    public ConcurrentDictionary<string, bool> Up { get; } = new() { ["a"] = true, ["b"] = true };

    public ConcurrentDictionary<string, DatabaseRole> Roles { get; } = new() { ["a"] = DatabaseRole.Primary, ["b"] = DatabaseRole.Standby };

    public ConcurrentDictionary<string, int> Instances { get; } = new() { ["a"] = 2, ["b"] = 0 };

    public ConcurrentDictionary<string, bool> DatabaseFenced { get; } = new();

    /// <summary>The replay delay the standby reports when the primary answers; null makes the lag unknown.</summary>
    public TimeSpan? Lag { get; set; } = TimeSpan.Zero;

    /// <summary>Throws this many times from the next database status questions: a transient fault.</summary>
    public int FailStatus { get; set; }

    public string? Routed { get; private set; } = "a";

    public int Count(string call) => Calls.Count(c => c == call);

    /// <summary>Which site each standby streams from (absent: none).</summary>
    public ConcurrentDictionary<string, string> StreamsFrom { get; } = new() { ["b"] = "a" };

    /// <summary>Sites whose server is stopped cleanly (demoted), by their final position.</summary>
    public ConcurrentDictionary<string, string> Demoted { get; } = new();

    /// <summary>Problems <see cref="CheckOperableAsync"/> reports per site.</summary>
    public ConcurrentDictionary<string, string> Inoperable { get; } = new();

    /// <summary>What the next capture finds diverged.</summary>
    public DivergenceReport Divergence { get; set; } = new("0/3000000", [], []);

    public Task<ImmutableArray<string>> CheckOperableAsync(string site, CancellationToken cancellationToken) =>
        Task.FromResult<ImmutableArray<string>>(Inoperable.TryGetValue(site, out var problem) ? [problem] : []);

    public Task<string> DemoteAsync(string site, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"demote {site}");
        Roles[site] = DatabaseRole.Unreachable;
        return Task.FromResult(Demoted.GetOrAdd(site, "0/5000028"));
    }

    public Task<bool> HasReplayedAsync(string site, string token, CancellationToken cancellationToken) =>
        Task.FromResult(StreamsFrom.TryGetValue(site, out var primary) && Demoted.GetValueOrDefault(primary) == token);

    public Task<StandbyRebuild> RebuildAsStandbyAsync(string site, string primarySite, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"rebuild {site} from {primarySite}");
        var how = Demoted.TryRemove(site, out _) ? StandbyRebuild.Attached : StandbyRebuild.Rewound;
        Roles[site] = DatabaseRole.Standby;
        DatabaseFenced[site] = false;
        StreamsFrom[site] = primarySite;
        return Task.FromResult(new StandbyRebuild(how, "fake"));
    }

    public Task<bool> IsStandbyOfAsync(string site, string primarySite, CancellationToken cancellationToken) =>
        Task.FromResult(Up[site] && Roles[site] == DatabaseRole.Standby && StreamsFrom.GetValueOrDefault(site) == primarySite && Roles[primarySite] == DatabaseRole.Primary);

    public Task ConfigureReplicationAsync(string primarySite, string standbySite, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"replication {primarySite}->{standbySite}");
        return Task.CompletedTask;
    }

    public Task<bool> IsReplicationConfiguredAsync(string primarySite, string standbySite, CancellationToken cancellationToken) =>
        Task.FromResult(Calls.Contains($"replication {primarySite}->{standbySite}"));

    public async Task<DivergenceReport> CaptureDivergenceAsync(string oldSite, string primarySite, string sqlPath, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"capture {oldSite} against {primarySite}");
        await File.WriteAllTextAsync(sqlPath, "BEGIN;\nCOMMIT;\n", cancellationToken);
        return Divergence;
    }

    public Task<ConsistencyReport> CompareAsync(string primarySite, string standbySite, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"compare {primarySite} {standbySite}");
        return Task.FromResult(new ConsistencyReport("0/4000000", [new TableConsistency("public.orders", 10, 10, "k", "k", "s", "s")]));
    }

    public Task<DatabaseStatus> GetStatusAsync(string site, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailStatus > 0)
            {
                FailStatus--;
                throw new InvalidOperationException("the fake database refused the question");
            }
        }

        if (!Up[site])
        {
            return Task.FromResult(new DatabaseStatus(site, DatabaseRole.Unreachable, null, null, null, null, false, "no answer"));
        }

        var role = Roles[site];
        var other = site == "a" ? "b" : "a";
        var primaryAnswers = Up[other] && Roles[other] == DatabaseRole.Primary;
        return Task.FromResult(role == DatabaseRole.Standby
            ? new DatabaseStatus(site, role, 1, "0/1", primaryAnswers ? 0 : null, primaryAnswers ? Lag : null, primaryAnswers, null)
            : new DatabaseStatus(site, role, 1, "0/1", null, null, true, null));
    }

    public Task PromoteAsync(string site, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"promote {site}");
        Roles[site] = DatabaseRole.Primary;
        StreamsFrom.TryRemove(site, out _);
        return Task.CompletedTask;
    }

    Task IDatabaseProvider.FenceAsync(string site, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"fence-database {site}");
        if (!Up[site])
        {
            throw new InvalidOperationException("unreachable: not fenced");
        }

        DatabaseFenced[site] = true;
        Roles[site] = DatabaseRole.Standby;
        return Task.CompletedTask;
    }

    Task<bool> IDatabaseProvider.IsFencedAsync(string site, CancellationToken cancellationToken) => Task.FromResult(DatabaseFenced.GetValueOrDefault(site));

    public Task ScaleAsync(string site, int count, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"scale {site} {count}");
        Instances[site] = count;
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken) =>
        Task.FromResult<ImmutableArray<InstanceStatus>>([.. Enumerable.Range(0, Instances[site]).Select(i => new InstanceStatus(site, i, 9000 + i, null, true, Up[site], "ok") { Address = $"fake-{site}:{9000 + i}" })]);

    Task IComputeProvider.FenceAsync(string site, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"fence-compute {site}");
        Instances[site] = 0;
        return Task.CompletedTask;
    }

    public Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken) => Task.FromResult<string?>("shop-1.0");

    public Task<TrafficStatus> GetStatusAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new TrafficStatus(Routed, [new TrafficServer("a", "a1", "fake-a", Routed == "a" ? "ready" : "maint", "UP"), new TrafficServer("b", "b1", "fake-b", Routed == "b" ? "ready" : "maint", "UP")]));

    public Task SwitchAsync(string site, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"switch {site}");
        Routed = site;
        return Task.CompletedTask;
    }

    Task ITrafficProvider.FenceAsync(string site, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"fence-traffic {site}");
        if (Routed == site)
        {
            Routed = null;
        }

        return Task.CompletedTask;
    }

    Task<bool> ITrafficProvider.IsFencedAsync(string site, CancellationToken cancellationToken) => Task.FromResult(Routed != site);

    /// <summary>
    /// Through the entry: the routed site answers when it is up and runs an instance. The traffic's own checkers: the
    /// site is up (named "… (traffic checkers)"). Nothing directly.
    /// </summary>
    public IProbe? Probe(string site, ProbeSpec spec, VantageRoute route, TimeSpan timeout) => route switch
    {
        VantageRoute.Entry => new FakeProbe(spec.Name, () => Routed == site && Up[site] && Instances[site] > 0),
        VantageRoute.Traffic => new FakeProbe($"{spec.Name} (traffic checkers)", () => Up[site]),
        _ => null,
    };

    /// <summary>The schemas that hand these fakes to the engine, as a provider plug-in would.</summary>
    public ProviderRegistry Registry() => ProviderRegistry.Empty
        .With(new Schema(ResourceKind.Database, this))
        .With(new Schema(ResourceKind.Compute, this))
        .With(new Schema(ResourceKind.Traffic, this));

    private sealed record FakeSettings : ProviderSettings;

    private sealed class Schema(ResourceKind kind, FakeSystems systems) : IProviderFactory
    {
        public ResourceKind Kind => kind;

        public string Name => "fake";

        public ProviderSettings? Read(MapReader config, ProviderContext context) => new FakeSettings();

        public object Create(ProviderSettings settings, ProviderBuildContext context) => systems;
    }

    private sealed class FakeProbe(string name, Func<bool> up) : IProbe
    {
        public string Name => name;

        public Task<ProbeResult> RunAsync(CancellationToken cancellationToken) =>
            Task.FromResult(up() ? new ProbeResult(true, TimeSpan.FromMilliseconds(1), "ok") : new ProbeResult(false, TimeSpan.FromMilliseconds(1), "down"));
    }
}
