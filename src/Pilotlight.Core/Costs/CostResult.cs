using System.Collections.Immutable;

namespace Pilotlight.Core.Costs;

/// <summary>An estimate, or the prices the table lacks to make one (each named, never guessed).</summary>
public sealed record CostResult(CostEstimate? Estimate, ImmutableArray<string> MissingPrices)
{
    /// <summary>All missing prices in one line: <c>no price for t9.huge in us-west-2 (prices.json of DATE); add it</c>.</summary>
    public string MissingLine(PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        return $"no price for {string.Join(", ", MissingPrices)} (prices.json of {prices.Date}); add {(MissingPrices.Length == 1 ? "it" : "them")}";
    }
}
