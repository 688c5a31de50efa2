using System.Text.Json.Serialization;

namespace Shop;

/// <summary>An order as a client places it.</summary>
internal sealed record OrderRequest(string? Sku, int? Qty, string? ClientRef);

/// <summary>The answer to a placed order: its id and the site that committed it.</summary>
internal sealed record OrderCreated(long Id, string Site);

/// <summary>A stored order.</summary>
internal sealed record Order(long Id, string Sku, int Qty, string? ClientRef, string Site, DateTimeOffset CreatedAt);

/// <summary>A product of the catalogue.</summary>
internal sealed record Product(string Sku, string Name, int PriceCents);

/// <summary>A one-line error.</summary>
internal sealed record ErrorAnswer(string Error);

/// <summary>The answer of /healthz.</summary>
internal sealed record HealthAnswer(string Status, string Site, string? Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrderRequest))]
[JsonSerializable(typeof(OrderCreated))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(List<Order>))]
[JsonSerializable(typeof(List<Product>))]
[JsonSerializable(typeof(ErrorAnswer))]
[JsonSerializable(typeof(HealthAnswer))]
internal sealed partial class ShopJson : JsonSerializerContext
{
    /// <summary>The context the Shop answers with: readable text, no \u0027 escapes.</summary>
    public static ShopJson Web { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
