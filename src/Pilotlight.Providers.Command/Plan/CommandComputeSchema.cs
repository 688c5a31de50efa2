using System.Collections.Immutable;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Command.Compute;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command;

/// <summary>
/// <c>compute.provider: command</c> — a site's instances scaled and listed by commands of the plan, run by
/// <c>/bin/sh -c</c> in the plan's directory with <c>PILOTLIGHT_SITE</c> (and <c>PILOTLIGHT_COUNT</c>) set.
/// <code>
/// config:
///   scale: systemctl-scale {site} {count}   # required; {site} and {count}
///   list: systemctl-list {site}             # required; prints {"instances":[{"address":"host:port","ready":true,"version":"1.4.2"}]}
///   fence: systemctl-stop-all {site}        # optional; default: scale with count 0
///   version: release-of {site}              # optional; prints {"version":"1.4.2"}; without it a site has no version
///   timeout: 30s                            # per command run
///   ready_timeout: 60s                      # after scale, how long list may take to show count ready instances
///   drill_start: drill-up {site} {name} {count} {database_host} {database_port}   # optional: isolated drills
///   drill_stop: drill-down {site} {name}    # required with drill_start
///   drill_list: drill-list {site} {name}    # optional; prints what list prints; without it drill_start prints that
///   b:                                      # optional, per site: any of the keys above, for that site only
///     scale: ssh dr-host systemctl-scale {count}
/// </code>
/// Every site needs <c>scale</c> and <c>list</c>, from its own block or the top level. A site named like one of the
/// keys above cannot have a block of its own. <c>{{name}}</c> is the literal text <c>{name}</c>. With
/// <c>drill_start</c> and <c>drill_stop</c> for every site, the provider runs isolated drills (<see cref="IIsolatedCompute"/>);
/// without them it does not offer to.
/// </summary>
internal sealed class CommandComputeSchema : IProviderFactory
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] SiteOnly = ["site"];
    private static readonly string[] SiteAndCount = ["site", "count"];
    private const string ScaleExpected = "the command that scales a site, e.g. systemctl-scale {site} {count}";
    private const string ListExpected = "the command that lists a site's instances as JSON, e.g. systemctl-list {site}";
    private static readonly string[] SiteAndName = ["site", "name"];
    private static readonly string[] DrillStartPlaceholders = ["site", "name", "count", "database_host", "database_port"];
    private static readonly string[] Keys = ["scale", "list", "fence", "version", "timeout", "ready_timeout", "drill_start", "drill_stop", "drill_list"];

    public ResourceKind Kind => ResourceKind.Compute;

    public string Name => "command";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var defaults = ReadBlock(config);
        if (!context.SitesComplete)
        {
            // The sites are wrong and reported as such: a key here may be the block of a site that did not read.
            config.Accept([.. config.Keys.Where(k => !Keys.Contains(k))]);
        }

        var blocks = context.Sites
            .Where(s => !Keys.Contains(s.Name))
            .Select(s => (Site: s.Name, Reader: config.Map(s.Name)))
            .Where(b => b.Reader is not null)
            .ToDictionary(b => b.Site, b => (Reader: b.Reader!, Block: ReadBlock(b.Reader!)), StringComparer.Ordinal);
        foreach (var (reader, _) in blocks.Values)
        {
            reader.RejectUnknownKeys();
        }

        var hasScale = RequireEverywhere(config, context, blocks, "scale", ScaleExpected);
        var hasList = RequireEverywhere(config, context, blocks, "list", ListExpected);
        var fine = !defaults.Failed && hasScale && hasList;
        var sites = ImmutableDictionary.CreateBuilder<string, CommandComputeSite>(StringComparer.Ordinal);
        foreach (var site in context.Sites)
        {
            var own = blocks.TryGetValue(site.Name, out var block) ? block.Block : ComputeBlock.None;
            fine &= !own.Failed;
            if (own.Merge(defaults) is { } merged)
            {
                sites.Add(site.Name, merged);
            }
        }

        fine = fine && CheckDrillCommands(config, sites);
        return fine && sites.Count == context.Sites.Length ? new CommandComputeSettings(sites.ToImmutable()) : null;
    }

    /// <summary>Isolated drills need a start and a stop command, and every site (the standby may be either).</summary>
    private static bool CheckDrillCommands(MapReader config, ImmutableDictionary<string, CommandComputeSite>.Builder sites)
    {
        if (sites.Values.All(s => s.DrillStart is null && s.DrillStop is null && s.DrillList is null))
        {
            return true;
        }

        foreach (var (site, commands) in sites.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var missing = commands.DrillStart is null ? "drill_start" : commands.DrillStop is null ? "drill_stop" : null;
            if (missing is not null)
            {
                config.Report(missing, $"is missing for site '{site}'", "drill_start and drill_stop for every site (in config or in its own block), or no drill command at all");
                return false;
            }
        }

        return true;
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return settings is not CommandComputeSettings compute
            ? throw new ArgumentException($"expected command compute settings, got {settings?.GetType().Name}", nameof(settings))
            : compute.Sites.Values.All(s => s.DrillStart is not null)
                ? new IsolatedCommandComputeProvider(compute, new CommandShell(context.PlanDirectory, context.Clock))
                : new CommandComputeProvider(compute, new CommandShell(context.PlanDirectory, context.Clock));
    }

    private static ComputeBlock ReadBlock(MapReader block)
    {
        var scale = block.Template("scale", SiteAndCount, ScaleExpected);
        var list = block.Template("list", SiteOnly, ListExpected);
        var fence = block.Template("fence", SiteOnly, "the command that stops every instance of a site at once");
        var version = block.Template("version", SiteOnly, "the command that prints {\"version\":\"...\"} for a site");
        var timeout = block.Duration("timeout");
        var readyTimeout = block.Duration("ready_timeout");
        var drillStart = block.Template("drill_start", DrillStartPlaceholders, "the command that starts an isolated drill's instances, e.g. drill-up {site} {name} {count} {database_host} {database_port}");
        var drillStop = block.Template("drill_stop", SiteAndName, "the command that stops every instance of an isolated drill, e.g. drill-down {site} {name}");
        var drillList = block.Template("drill_list", SiteAndName, "the command that lists an isolated drill's instances as JSON, as list does");
        var failed = block.Failed("scale", scale) | block.Failed("list", list) | block.Failed("fence", fence) | block.Failed("version", version)
            | block.Failed("timeout", timeout) | block.Failed("ready_timeout", readyTimeout)
            | block.Failed("drill_start", drillStart) | block.Failed("drill_stop", drillStop) | block.Failed("drill_list", drillList);
        return new ComputeBlock(scale, list, fence, version, timeout, readyTimeout, failed) { DrillStart = drillStart, DrillStop = drillStop, DrillList = drillList };
    }

    // A required command missing from the top level must be in the block of every site; said once where it is wanted.
    private static bool RequireEverywhere(
        MapReader config,
        ProviderContext context,
        Dictionary<string, (MapReader Reader, ComputeBlock Block)> blocks,
        string key,
        string expected)
    {
        if (config.Has(key))
        {
            return true;
        }

        var lacking = context.Sites.Where(s => !blocks.TryGetValue(s.Name, out var b) || !b.Reader.Has(key)).ToList();
        if (lacking.Count == context.Sites.Length)
        {
            config.Report(key, "is missing", expected);
            return false;
        }

        foreach (var site in lacking)
        {
            if (blocks.TryGetValue(site.Name, out var block))
            {
                block.Reader.Report(key, "is missing", $"{expected}, here or for every site in config");
            }
            else
            {
                config.Report(key, $"is missing for site '{site.Name}'", $"{expected}, in config or in config.{site.Name}");
            }
        }

        return lacking.Count == 0;
    }

    /// <summary>The keys of one block as read (null: not written); <see cref="Failed"/> when one was invalid.</summary>
    private sealed record ComputeBlock(
        CommandTemplate? Scale,
        CommandTemplate? List,
        CommandTemplate? Fence,
        CommandTemplate? Version,
        TimeSpan? Timeout,
        TimeSpan? ReadyTimeout,
        bool Failed)
    {
        public static ComputeBlock None { get; } = new(null, null, null, null, null, null, Failed: false);

        public CommandTemplate? DrillStart { get; init; }

        public CommandTemplate? DrillStop { get; init; }

        public CommandTemplate? DrillList { get; init; }

        /// <summary>This site's values over the top level's; null when scale or list is still missing.</summary>
        public CommandComputeSite? Merge(ComputeBlock defaults) =>
            (Scale ?? defaults.Scale, List ?? defaults.List) is ({ } scale, { } list)
                ? new CommandComputeSite(
                    scale,
                    list,
                    Fence ?? defaults.Fence,
                    Version ?? defaults.Version,
                    Timeout ?? defaults.Timeout ?? DefaultTimeout,
                    ReadyTimeout ?? defaults.ReadyTimeout ?? DefaultReadyTimeout)
                {
                    DrillStart = DrillStart ?? defaults.DrillStart,
                    DrillStop = DrillStop ?? defaults.DrillStop,
                    DrillList = DrillList ?? defaults.DrillList,
                }
                : null;
    }
}
