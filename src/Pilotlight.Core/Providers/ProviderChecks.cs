using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Core.Providers;

/// <summary>Checks several provider schemas share.</summary>
public static class ProviderChecks
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
}
