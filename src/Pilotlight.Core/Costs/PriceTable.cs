using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pilotlight.Core.Costs;

/// <summary>
/// Hourly list prices per region and instance type, with where they came from and when (<c>Costs/prices.json</c>,
/// embedded). Prices are per instance-hour; a month is <see cref="HoursPerMonth"/> hours.
/// </summary>
public sealed record PriceTable
{
    public required string Source { get; init; }

    public required string Date { get; init; }

    public string Currency { get; init; } = "USD";

    public int HoursPerMonth { get; init; } = 730;

    /// <summary>EC2 instance-hours by region, then instance type.</summary>
    public ImmutableDictionary<string, ImmutableDictionary<string, Ec2Price>> Ec2 { get; init; } = ImmutableDictionary<string, ImmutableDictionary<string, Ec2Price>>.Empty;

    /// <summary>RDS single-AZ instance-hours by region, then DB instance class.</summary>
    public ImmutableDictionary<string, ImmutableDictionary<string, decimal>> Rds { get; init; } = ImmutableDictionary<string, ImmutableDictionary<string, decimal>>.Empty;

    /// <summary>Aurora instance-hours by region, then DB instance class.</summary>
    public ImmutableDictionary<string, ImmutableDictionary<string, decimal>> Aurora { get; init; } = ImmutableDictionary<string, ImmutableDictionary<string, decimal>>.Empty;

    private static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The table shipped with this build.</summary>
    public static PriceTable Embedded()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream("Pilotlight.Core.Costs.prices.json")
            ?? throw new InvalidOperationException("prices.json is not embedded in the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static PriceTable Parse(string json) =>
        JsonSerializer.Deserialize<PriceTable>(json, Options) ?? throw new InvalidOperationException("prices.json is empty.");

    public Ec2Price? Ec2Price(string region, string instanceType) =>
        Ec2.TryGetValue(region, out var types) && types.TryGetValue(instanceType, out var price) ? price : null;

    public decimal? DatabasePrice(PricedDatabase kind, string region, string instanceClass) =>
        (kind == PricedDatabase.Aurora ? Aurora : Rds).TryGetValue(region, out var classes) && classes.TryGetValue(instanceClass, out var price) ? price : null;
}
