using System.Collections.Immutable;

namespace Pilotlight.Lab;

/// <summary>The processes <c>lab down</c> stopped, and whether it deleted the state directory.</summary>
public sealed record LabDownResult(ImmutableArray<string> Stopped, bool Purged);
