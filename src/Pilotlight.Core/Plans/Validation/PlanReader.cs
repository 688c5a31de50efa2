using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Plans.Yaml;
using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Plans.Validation;

/// <summary>
/// Reads a plan's node tree into a <see cref="Plan"/>, checking every key and every cross-field rule, and reporting
/// all problems of the file in one pass. Returns a plan only when there was no problem.
/// </summary>
internal sealed partial class PlanReader(ProviderRegistry registry, ProblemList problems, TimeProvider clock)
{
    internal const string NameExpected = "lowercase letters, digits and hyphens, starting with a letter or digit";

    private static readonly string[] RoleWords = ["primary", "standby"];

    private static readonly string[] ReservedSiteNames = ["provider", "config"];

    public Plan? Read(ConfigNode root)
    {
        if (root is not ConfigMap map)
        {
            problems.Add(root.Position, "", $"the document is {root.Describe()}", "a mapping with name, objectives, sites and resources (pilotlight init writes a sample)");
            return null;
        }

        var top = new MapReader(map, "", problems);
        var version = top.Number("version");
        if (version is not null and not Plan.CurrentVersion)
        {
            top.Report("version", $"plan version {version} is not supported", $"{Plan.CurrentVersion}");
        }

        var name = ReadName(top, "name");
        var stateDirectory = top.Text("state_dir", expected: "a directory path, relative to the plan's directory");
        var objectives = ReadObjectives(top.Map("objectives", required: true));
        var sites = ReadSites(top);
        var context = new ProviderContext(sites);
        var resources = ImmutableArray.CreateBuilder<ResourceBinding>();
        ImmutableDictionary<string, SiteCapacity>? capacity = null;
        foreach (var kind in Enum.GetValues<ResourceKind>())
        {
            var binding = ReadResource(top, kind, context, kind == ResourceKind.Compute ? c => capacity = c : null);
            if (binding is not null)
            {
                resources.Add(binding);
            }
        }

        var health = ReadHealth(top);
        var failover = ReadFailover(top, objectives, health);
        var drills = ReadDrills(top);
        var smokeChecks = ReadSmokeChecks(top);
        var (webhooks, snsTargets) = ReadNotifications(top);
        var load = ReadLoad(top);
        top.RejectUnknownKeys();

        if (problems.Count > 0 || name is null || objectives is null || health is null || failover is null || capacity is null)
        {
            return null;
        }

        return new Plan
        {
            Name = name,
            Objectives = objectives,
            Sites = sites,
            Resources = resources.ToImmutable(),
            Capacity = capacity,
            Health = health,
            Failover = failover,
            Drills = drills,
            SmokeChecks = smokeChecks,
            Webhooks = webhooks,
            SnsTargets = snsTargets,
            StateDirectory = stateDirectory,
            Load = load,
        };
    }

    private static string? ReadName(MapReader map, string key)
    {
        var name = map.Text(key, required: true, NameExpected);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            map.Report(key, $"'{name}' is not a valid name", $"{NameExpected}, at most 63 characters");
            return null;
        }

        return name;
    }

    private static Objectives? ReadObjectives(MapReader? map)
    {
        if (map is null)
        {
            return null;
        }

        var rto = map.Duration("rto", required: true);
        var rpo = map.Duration("rpo", required: true);
        map.RejectUnknownKeys();
        return rto is null || rpo is null ? null : new Objectives(rto.Value, rpo.Value);
    }

    private static ImmutableArray<Site> ReadSites(MapReader top)
    {
        var items = top.MapList("sites", required: true, "a list of two sites, each with name, region and role");
        var sites = ImmutableArray.CreateBuilder<Site>();
        var primaries = 0;
        var standbys = 0;
        foreach (var item in items)
        {
            var name = ReadName(item, "name");
            if (name is not null && ReservedSiteNames.Contains(name))
            {
                item.Report("name", $"'{name}' is reserved", $"a site name other than {MapReader.ListOf(ReservedSiteNames)}");
                name = null;
            }

            var region = item.Text("region", required: true, "a region label such as eu-west-1");
            var role = item.Choice("role", RoleWords, required: true);
            item.RejectUnknownKeys();
            if (name is not null && sites.Any(s => s.Name == name))
            {
                item.Report("name", $"'{name}' is the name of the other site too", "two sites with different names");
                continue;
            }

            if (region is not null && sites.FirstOrDefault(s => s.Region == region) is { } same)
            {
                item.Report("region", $"'{region}' is the region of site '{same.Name}' too", "the two sites in different regions");
            }

            if (role == "primary" && ++primaries > 1)
            {
                item.Report("role", "a second primary", "one primary and one standby");
            }

            if (role == "standby" && ++standbys > 1)
            {
                item.Report("role", "a second standby", "one primary and one standby");
            }

            if (name is not null && region is not null && role is not null)
            {
                sites.Add(new Site(name, region, role == "primary" ? SiteRole.Primary : SiteRole.Standby));
            }
        }

        if (top.Has("sites") && items.Count != 2)
        {
            top.Report("sites", $"has {items.Count} site{(items.Count == 1 ? "" : "s")}", "exactly two: a primary and a standby");
        }

        return sites.ToImmutable();
    }

    private static string Words(TimeSpan value) => DurationText.Format(value);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
