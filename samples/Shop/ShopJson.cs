using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop;

/// <summary>The Shop's JSON: snake_case names, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OrderRequest))]
[JsonSerializable(typeof(OrderCreated))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(List<Order>))]
[JsonSerializable(typeof(List<Product>))]
[JsonSerializable(typeof(ErrorAnswer))]
[JsonSerializable(typeof(HealthAnswer))]
internal sealed partial class ShopJson : JsonSerializerContext
{
    /// <summary>The context the Shop answers with: readable text (unknown sku 'X', not unknown sku \u0027X\u0027).</summary>
    public static ShopJson Web { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
