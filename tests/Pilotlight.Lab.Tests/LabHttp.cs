using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Pilotlight.Lab.Tests;

/// <summary>Talks to the Shop through the lab's entry.</summary>
internal static class LabHttp
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<Order> PlaceOrderAsync(Uri entry, string clientRef, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(entry, "/orders"), new { sku = "SKU-2", qty = 1, client_ref = clientRef }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return System.Text.Json.JsonSerializer.Deserialize<Order>(body)!;
    }

    /// <summary>The order, or null when the entry did not answer 201.</summary>
    public static async Task<Order?> TryPlaceOrderAsync(Uri entry, string clientRef, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.PostAsJsonAsync(new Uri(entry, "/orders"), new { sku = "SKU-2", qty = 1, client_ref = clientRef }, cancellationToken);
            return response.StatusCode == HttpStatusCode.Created ? await response.Content.ReadFromJsonAsync<Order>(cancellationToken) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public sealed record Order([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("site")] string Site);
}
