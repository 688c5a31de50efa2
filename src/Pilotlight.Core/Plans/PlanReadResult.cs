using System.Collections.Immutable;
using Pilotlight.Core.Plans.Validation;

namespace Pilotlight.Core.Plans;

/// <summary>The outcome of reading a plan file: the plan when valid, and every problem found.</summary>
public sealed record PlanReadResult(string File, Plan? Plan, ImmutableArray<PlanProblem> Problems)
{
    public bool IsValid => Plan is not null && Problems.IsEmpty;
}
