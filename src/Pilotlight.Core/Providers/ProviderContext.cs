using System.Collections.Immutable;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Core.Providers;

/// <summary>What a provider schema may know of the rest of the plan while it reads its block.</summary>
public sealed record ProviderContext(ImmutableArray<Site> Sites)
{
    public IReadOnlyList<string> SiteNames => [.. Sites.Select(s => s.Name)];

    /// <summary>True when the plan names exactly two valid sites; otherwise per-site blocks cannot be judged.</summary>
    public bool SitesComplete => Sites.Length == 2;

    /// <summary>
    /// Reads one sub-block per site (<c>config.a</c>, <c>config.b</c>), reporting a missing site; returns the
    /// settings of the sites that read cleanly. Keys that are not site names are left for
    /// <see cref="MapReader.RejectUnknownKeys"/>, which then suggests a site name.
    /// </summary>
    public ImmutableDictionary<string, T> ReadPerSite<T>(MapReader config, Func<MapReader, Site, T?> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(read);
        var result = ImmutableDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        if (!SitesComplete)
        {
            // The sites are wrong and reported as such; a key here may be a site block or a typo, so judge none.
            config.Accept([.. config.Keys]);
        }

        foreach (var site in Sites)
        {
            var block = config.Map(site.Name, required: SitesComplete);
            if (block is null)
            {
                continue;
            }

            var value = read(block, site);
            block.RejectUnknownKeys();
            if (value is not null)
            {
                result.Add(site.Name, value);
            }
        }

        return result.ToImmutable();
    }
}
