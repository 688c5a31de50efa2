using System.Collections.Immutable;

namespace Pilotlight.Core.Plans.Yaml;

/// <summary>A YAML sequence.</summary>
public sealed record ConfigList(SourcePosition Position, ImmutableArray<ConfigNode> Items) : ConfigNode(Position)
{
    public override string Describe() => "a list";
}
