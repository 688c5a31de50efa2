using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Compute;

/// <summary>
/// The <c>command</c> compute provider of a plan that gives <c>drill_start</c> and <c>drill_stop</c> for every site:
/// it also runs isolated drills. The drill's instances are what <c>drill_list</c> prints (the shape of <c>list</c>),
/// polled until <c>count</c> are ready; without <c>drill_list</c>, what <c>drill_start</c> itself prints.
/// </summary>
internal sealed class IsolatedCommandComputeProvider(CommandComputeSettings settings, CommandShell shell) : CommandComputeProvider(settings, shell), IIsolatedCompute
{
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<ImmutableArray<InstanceStatus>> StartIsolatedAsync(string site, string name, int count, DatabaseClone database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var commands = Site(site);
        var start = new CommandCall("compute", "drill_start", commands.DrillStart!, site, count) { More = Values(name, database) };
        var printed = await Shell.RunAsync(start, commands.Timeout, cancellationToken);
        if (commands.DrillList is not { } list)
        {
            var started = ListedInstance.Parse(printed) ?? throw CommandShell.NotExpected(start, ListedInstance.Shape, printed);
            return started.Count(i => i.Ready) >= count
                ? Statuses(site, started)
                : throw new InvalidOperationException($"{start} printed {started.Count(i => i.Ready)} ready instance(s) of {count}; without drill_list it must print them once ready");
        }

        var call = new CommandCall("compute", "drill_list", list, site) { More = Values(name, database: null) };
        var deadline = Shell.Clock.GetUtcNow() + commands.ReadyTimeout;
        while (true)
        {
            var output = await Shell.RunAsync(call, commands.Timeout, cancellationToken);
            var instances = ListedInstance.Parse(output) ?? throw CommandShell.NotExpected(call, ListedInstance.Shape, output);
            var ready = instances.Count(i => i.Ready);
            if (ready >= count)
            {
                return Statuses(site, instances);
            }

            if (Shell.Clock.GetUtcNow() >= deadline)
            {
                throw new InvalidOperationException($"isolated drill {name} on compute site {site} did not reach {count} ready instance(s) within {DurationText.Format(commands.ReadyTimeout)} after 'drill_start': 'drill_list' shows {ready} ready of {instances.Length}");
            }

            await Task.Delay(ReadyPollInterval, Shell.Clock, cancellationToken);
        }
    }

    public async Task StopIsolatedAsync(string site, string name, CancellationToken cancellationToken)
    {
        var commands = Site(site);
        await Shell.RunAsync(new CommandCall("compute", "drill_stop", commands.DrillStop!, site) { More = Values(name, database: null) }, commands.Timeout, cancellationToken);
    }

    private static ImmutableDictionary<string, string> Values(string name, DatabaseClone? database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var values = ImmutableDictionary<string, string>.Empty.Add("name", name);
        return database is null
            ? values
            : values.Add("database_host", database.Host).Add("database_port", database.Port.ToString(CultureInfo.InvariantCulture));
    }

    private static ImmutableArray<InstanceStatus> Statuses(string site, ImmutableArray<ListedInstance> instances) =>
        [.. instances.Select((instance, index) => new InstanceStatus(site, index, instance.Address.Port, Pid: null, Running: true, instance.Ready, instance.Ready ? "ready" : "unready")
        {
            Address = instance.Address.ToString(),
            ArtifactVersion = instance.Version,
        })];
}
