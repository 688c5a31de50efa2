using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Core.Providers.BuiltIn;

/// <summary>Checks several provider schemas share.</summary>
internal static partial class ProviderChecks
{
    /// <summary>Two sites must not point at the same thing: the standby would be the primary.</summary>
    public static void DistinctPerSite<T>(MapReader config, ImmutableDictionary<string, T> perSite, Func<T, string> identity, string what)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (site, value) in perSite.OrderBy(p => config.PositionOf(p.Key).Line))
        {
            var id = identity(value);
            if (seen.TryGetValue(id, out var other))
            {
                config.Report(site, $"has the same {what} as site '{other}' ({id})", $"each site its own {what}");
            }
            else
            {
                seen.Add(id, site);
            }
        }
    }

    /// <summary>The AWS region of a site: the block's <c>region</c>, else the site's region label, which must then be an AWS region.</summary>
    public static string? AwsRegion(MapReader block, Site site)
    {
        var region = block.Text("region");
        if (region is not null)
        {
            if (!AwsRegionPattern().IsMatch(region))
            {
                block.Report("region", $"'{region}' is not an AWS region", "a region such as eu-west-1");
                return null;
            }

            return region;
        }

        if (!AwsRegionPattern().IsMatch(site.Region))
        {
            block.ReportHere($"site '{site.Name}' has region '{site.Region}', which is not an AWS region", "a site region such as eu-west-1, or region: here");
            return null;
        }

        return site.Region;
    }

    /// <summary>A name matching <paramref name="pattern"/>, reported with <paramref name="rule"/> otherwise.</summary>
    public static string? Named(MapReader block, string key, Regex pattern, string rule)
    {
        var value = block.Text(key, required: true, rule);
        if (value is not null && !pattern.IsMatch(value))
        {
            block.Report(key, $"'{value}' is not a valid {key}", rule);
            return null;
        }

        return value;
    }

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegionPattern();
}
