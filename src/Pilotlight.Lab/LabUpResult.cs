using System.Collections.Immutable;

namespace Pilotlight.Lab;

/// <summary>What <c>lab up</c> did: where the entry is, where the plan is, what it had to start, how long it took.</summary>
public sealed record LabUpResult(Uri EntryUrl, string PlanPath, ImmutableArray<string> Started, TimeSpan Duration);
