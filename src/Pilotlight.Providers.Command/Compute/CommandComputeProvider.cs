using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Compute;

/// <summary>
/// The <c>command</c> compute provider: runs the plan's <c>scale</c>, <c>list</c>, <c>fence</c> and <c>version</c>
/// commands, and probes a site's instances at the addresses its last <c>list</c> printed.
/// </summary>
internal class CommandComputeProvider(CommandComputeSettings settings, CommandShell shell) : IComputeProvider, IProbeSource
{
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(500);

    // The addresses of each site's last successful list, for probes straight at the instances.
    private readonly ConcurrentDictionary<string, ImmutableArray<Endpoint>> _addresses = new(StringComparer.Ordinal);

    /// <summary>Runs <c>scale</c>, then polls <c>list</c> until exactly <paramref name="count"/> instances are listed, all ready.</summary>
    public async Task ScaleAsync(string site, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var commands = Site(site);
        await shell.RunAsync(new CommandCall("compute", "scale", commands.Scale, site, count), commands.Timeout, cancellationToken);
        var deadline = shell.Clock.GetUtcNow() + commands.ReadyTimeout;
        while (true)
        {
            var instances = await ListAsync(site, commands.Timeout, cancellationToken);
            var ready = instances.Count(i => i.Ready);
            if (instances.Length == count && ready == count)
            {
                return;
            }

            if (shell.Clock.GetUtcNow() >= deadline)
            {
                throw new InvalidOperationException(
                    $"compute site {site} did not reach {count} ready instance(s) within {DurationText.Format(commands.ReadyTimeout)} after 'scale': 'list' shows {ready} ready of {instances.Length}");
            }

            await Task.Delay(ReadyPollInterval, shell.Clock, cancellationToken);
        }
    }

    public async Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken)
    {
        var instances = await ListAsync(site, Site(site).Timeout, cancellationToken);
        return [.. instances.Select((instance, index) => new InstanceStatus(site, index, instance.Address.Port, Pid: null, Running: true, instance.Ready, instance.Ready ? "ready" : "unready")
        {
            Address = instance.Address.ToString(),
            ArtifactVersion = instance.Version,
        })];
    }

    /// <summary>Runs <c>fence</c>, or <c>scale</c> with count 0 when the plan gives no fence; waits for nothing.</summary>
    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        var commands = Site(site);
        var call = commands.Fence is { } fence
            ? new CommandCall("compute", "fence", fence, site)
            : new CommandCall("compute", "scale", commands.Scale, site, Count: 0);
        await shell.RunAsync(call, commands.Timeout, cancellationToken);
        _addresses.TryRemove(site, out _);
    }

    public async Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken)
    {
        var commands = Site(site);
        if (commands.Version is not { } version)
        {
            return null;
        }

        var call = new CommandCall("compute", "version", version, site);
        var output = await shell.RunAsync(call, commands.Timeout, cancellationToken);
        return ArtifactVersion.TryParse(output, out var value) ? value : throw CommandShell.NotExpected(call, ArtifactVersion.Shape, output);
    }

    /// <summary>For a direct HTTP probe by path: any of the site's instances answering it.</summary>
    public IProbe? Probe(string site, ProbeSpec spec, VantageRoute route, TimeSpan timeout) =>
        route == VantageRoute.Direct && spec is HttpProbeSpec { Path: not null } http && settings.Sites.ContainsKey(site)
            ? new InstancesProbe(http, timeout, (bound, ct) => AddressesAsync(site, bound, ct))
            : null;

    private async Task<ImmutableArray<Endpoint>> AddressesAsync(string site, TimeSpan bound, CancellationToken cancellationToken)
    {
        if (_addresses.TryGetValue(site, out var cached) && !cached.IsEmpty)
        {
            return cached;
        }

        var timeout = Site(site).Timeout < bound ? Site(site).Timeout : bound;
        return [.. (await ListAsync(site, timeout, cancellationToken)).Select(i => i.Address)];
    }

    /// <summary>The shell the commands run in, for <see cref="IsolatedCommandComputeProvider"/>.</summary>
    protected CommandShell Shell => shell;

    private async Task<ImmutableArray<ListedInstance>> ListAsync(string site, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var call = new CommandCall("compute", "list", Site(site).List, site);
        var output = await shell.RunAsync(call, timeout, cancellationToken);
        var instances = ListedInstance.Parse(output) ?? throw CommandShell.NotExpected(call, ListedInstance.Shape, output);
        _addresses[site] = [.. instances.Select(i => i.Address)];
        return instances;
    }

    protected CommandComputeSite Site(string site) =>
        settings.Sites.TryGetValue(site, out var commands) ? commands : throw new ArgumentException($"no compute for site '{site}'", nameof(site));
}
