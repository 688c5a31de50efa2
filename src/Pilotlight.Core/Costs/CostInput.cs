using System.Collections.Immutable;

namespace Pilotlight.Core.Costs;

/// <summary>What <see cref="CostCalculator"/> prices besides the plan's capacities: per site name, its instance types and classes.</summary>
public sealed record CostInput(ImmutableDictionary<string, CostSite> Sites, PricedDatabase Database);
