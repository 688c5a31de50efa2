namespace Pilotlight.Core.Plans.Yaml;

/// <summary>A node of a parsed plan file, with the position it was written at.</summary>
public abstract record ConfigNode(SourcePosition Position)
{
    /// <summary>What the node is, in words a user reads in an error message.</summary>
    public abstract string Describe();
}
