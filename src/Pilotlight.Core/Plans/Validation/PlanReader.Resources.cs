using System.Collections.Immutable;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Plans.Yaml;
using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Plans.Validation;

internal sealed partial class PlanReader
{
    private static readonly string[] CapacityTypeWords = ["on-demand", "spot"];

    public static string KeyOf(ResourceKind kind) => kind.ToString().ToLowerInvariant();

    private ResourceBinding? ReadResource(MapReader top, ResourceKind kind, ProviderContext context, Action<ImmutableDictionary<string, SiteCapacity>>? capacitySink)
    {
        var required = kind is ResourceKind.Compute or ResourceKind.Traffic;
        var block = top.Map(KeyOf(kind), required);
        if (block is null)
        {
            return null;
        }

        var providerName = block.Text("provider", required: true, $"a {KeyOf(kind)} provider: {MapReader.ListOf(registry.NamesFor(kind))}");
        var config = block.Map("config") ?? new MapReader(new ConfigMap(block.Position, []), block.PathOf("config"), problems);
        ProviderSettings? settings = null;
        if (providerName is not null)
        {
            var schema = registry.Find(kind, providerName);
            if (schema is null)
            {
                var names = registry.NamesFor(kind);
                block.Report("provider", $"unknown {KeyOf(kind)} provider '{providerName}'{Suggestions.DidYouMean(providerName, names)}", MapReader.ListOf(names));
            }
            else
            {
                settings = schema.Read(config, context);
                config.RejectUnknownKeys();
            }
        }

        if (capacitySink is not null)
        {
            capacitySink(ReadCapacities(block, context));
        }

        block.RejectUnknownKeys();
        return providerName is null || settings is null ? null : new ResourceBinding(kind, providerName, settings);
    }

    private static ImmutableDictionary<string, SiteCapacity> ReadCapacities(MapReader compute, ProviderContext context) =>
        context.ReadPerSite(compute, (block, _) =>
        {
            var pilotMap = block.Map("pilot", required: true);
            var fullMap = block.Map("full", required: true);
            var pilot = ReadCapacity(pilotMap);
            var full = ReadCapacity(fullMap);
            if (full is not null && fullMap is not null && full.Desired < 1)
            {
                fullMap.Report("desired", "0 runs no instance at full capacity", "at least 1");
                full = null;
            }

            if (pilot is null || full is null || pilotMap is null)
            {
                return null;
            }

            var fine = true;
            foreach (var (key, p, f) in new[] { ("min", pilot.Min, full.Min), ("desired", pilot.Desired, full.Desired), ("max", pilot.Max, full.Max) })
            {
                if (p > f)
                {
                    pilotMap.Report(key, $"{p} exceeds full capacity's {key} {f}", "pilot capacity <= full capacity");
                    fine = false;
                }
            }

            return fine ? new SiteCapacity(pilot, full) : null;
        });

    private static Capacity? ReadCapacity(MapReader? map)
    {
        if (map is null)
        {
            return null;
        }

        var min = map.Number("min", min: 0) ?? (map.Has("min") ? null : 0);
        var desired = map.Number("desired", required: true, min: 0);
        var max = map.Number("max", required: true, min: 0);
        var type = map.Choice("type", CapacityTypeWords) ?? (map.Has("type") ? null : "on-demand");
        map.RejectUnknownKeys();
        if (min is null || desired is null || max is null || type is null)
        {
            return null;
        }

        if (desired > max)
        {
            map.Report("desired", $"{desired} exceeds max {max}");
            return null;
        }

        if (min > desired)
        {
            map.Report("min", $"{min} exceeds desired {desired}", "min <= desired <= max");
            return null;
        }

        return new Capacity(min.Value, desired.Value, max.Value, type == "spot" ? CapacityType.Spot : CapacityType.OnDemand);
    }
}
