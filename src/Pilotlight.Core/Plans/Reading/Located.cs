using Pilotlight.Core.Plans.Yaml;

namespace Pilotlight.Core.Plans.Reading;

/// <summary>A value read from a plan, with where it was written.</summary>
public sealed record Located<T>(T Value, SourcePosition Position, string Path);
