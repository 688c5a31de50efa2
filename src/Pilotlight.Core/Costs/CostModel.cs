using System.Collections.Immutable;

namespace Pilotlight.Core.Costs;

/// <summary>One way of running the standby (pilot light, warm standby, active-active), its priced lines and monthly total.</summary>
public sealed record CostModel(string Name, string Definition, ImmutableArray<CostLine> Lines)
{
    /// <summary>The sum of the lines as shown (each rounded to cents), so the output adds up.</summary>
    public decimal Total => Lines.Sum(l => l.Monthly);
}
