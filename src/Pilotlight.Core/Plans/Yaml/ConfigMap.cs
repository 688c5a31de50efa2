using System.Collections.Immutable;

namespace Pilotlight.Core.Plans.Yaml;

/// <summary>A YAML mapping whose keys are strings, in the order written.</summary>
public sealed record ConfigMap(SourcePosition Position, ImmutableArray<ConfigEntry> Entries) : ConfigNode(Position)
{
    public ConfigEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key == key)
            {
                return entry;
            }
        }

        return null;
    }

    public override string Describe() => "a mapping";
}

/// <summary>One key and its value.</summary>
public sealed record ConfigEntry(string Key, SourcePosition KeyPosition, ConfigNode Value);
