namespace Pilotlight.Core.Plans.Yaml;

/// <summary>A scalar value as written; <see cref="IsNull"/> for an empty value, <c>~</c> or <c>null</c>.</summary>
public sealed record ConfigScalar(SourcePosition Position, string Value, bool IsQuoted) : ConfigNode(Position)
{
    public bool IsNull => !IsQuoted && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "an empty value" : $"'{Value}'";
}
