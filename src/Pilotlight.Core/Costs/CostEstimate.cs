using System.Collections.Immutable;

namespace Pilotlight.Core.Costs;

/// <summary>A plan's monthly cost as pilot light against warm standby and active-active, from one price table.</summary>
public sealed record CostEstimate(PriceTable Prices, CostModel PilotLight, CostModel WarmStandby, CostModel ActiveActive)
{
    /// <summary>What the estimate leaves out; said with every estimate.</summary>
    public const string Excluded = "storage, backups, data transfer, load balancers, DNS, requests and support";

    public ImmutableArray<CostModel> Models => [PilotLight, WarmStandby, ActiveActive];

    /// <summary>What pilot light saves against <paramref name="other"/>, in percent of the other's total, to one decimal.</summary>
    public decimal SavingPercent(CostModel other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Total == 0 ? 0 : Math.Round((other.Total - PilotLight.Total) / other.Total * 100, 1, MidpointRounding.AwayFromZero);
    }
}
