using System.Text.Json;
using System.Text.RegularExpressions;

namespace Shop;

/// <summary>The Shop's HTTP API.</summary>
internal static partial class ShopEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/orders", PlaceAsync);
        app.MapGet("/orders/{id:long}", async (long id, Orders orders, CancellationToken ct) =>
            await Unavailable(async () => await orders.FindAsync(id, ct) is { } order ? Results.Json(order, ShopJson.Web.Order) : Results.Json(new ErrorAnswer($"no order {id}"), ShopJson.Web.ErrorAnswer, statusCode: 404)));
        app.MapGet("/orders", async (string? client_ref, Orders orders, CancellationToken ct) =>
            string.IsNullOrEmpty(client_ref)
                ? Results.Json(new ErrorAnswer("client_ref is required, e.g. /orders?client_ref=abc"), ShopJson.Web.ErrorAnswer, statusCode: 400)
                : await Unavailable(async () => Results.Json(await orders.ByClientRefAsync(client_ref, ct), ShopJson.Web.ListOrder)));
        app.MapGet("/products", async (Orders orders, CancellationToken ct) =>
            await Unavailable(async () => Results.Json(await orders.ProductsAsync(ct), ShopJson.Web.ListProduct)));
        app.MapGet("/products/{sku}/image", (string sku, ShopSettings settings) =>
        {
            var path = Path.Combine(settings.Objects, "products", $"{sku}.png");
            return SkuPattern().IsMatch(sku) && File.Exists(path)
                ? Results.File(path, "image/png")
                : Results.Json(new ErrorAnswer($"no image for '{sku}'"), ShopJson.Web.ErrorAnswer, statusCode: 404);
        });
        app.MapGet("/healthz", HealthAsync);
        app.MapGet("/readyz", (ShopSettings settings) => Results.Json(new HealthAnswer("ready", settings.Site, null), ShopJson.Web.HealthAnswer));
    }

    private static async Task<IResult> PlaceAsync(HttpRequest request, Orders orders, ShopSettings settings, CancellationToken ct)
    {
        OrderRequest? order;
        try
        {
            order = await JsonSerializer.DeserializeAsync(request.Body, ShopJson.Web.OrderRequest, ct);
        }
        catch (JsonException e)
        {
            return BadRequest($"malformed JSON: {e.Message}");
        }

        if (order is null || string.IsNullOrWhiteSpace(order.Sku))
        {
            return BadRequest("sku is required, e.g. {\"sku\": \"SKU-1\", \"qty\": 1}");
        }

        if (order.Qty is not (>= 1 and <= 1000))
        {
            return BadRequest("qty must be a whole number from 1 to 1000");
        }

        if (order.ClientRef is { Length: > 100 })
        {
            return BadRequest("client_ref must be at most 100 characters");
        }

        return await Unavailable(async () =>
        {
            if (await orders.PlaceAsync(order.Sku, order.Qty.Value, order.ClientRef, ct) is not { } id)
            {
                return BadRequest($"unknown sku '{order.Sku}'");
            }

            request.HttpContext.Response.Headers.Location = $"/orders/{id}";
            return Results.Json(new OrderCreated(id, settings.Site), ShopJson.Web.OrderCreated, statusCode: 201);
        });
    }

    private static async Task<IResult> HealthAsync(Orders orders, ShopSettings settings, CancellationToken ct)
    {
        var reason = await orders.WriteProblemAsync(ct);
        if (reason is null)
        {
            try
            {
                _ = Directory.EnumerateFileSystemEntries(settings.Objects).Take(1).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reason = $"object store not readable: {e.Message}";
            }
        }

        return reason is null
            ? Results.Json(new HealthAnswer("ok", settings.Site, null), ShopJson.Web.HealthAnswer)
            : Results.Json(new HealthAnswer("unhealthy", settings.Site, reason), ShopJson.Web.HealthAnswer, statusCode: 503);
    }

    private static IResult BadRequest(string message) => Results.Json(new ErrorAnswer(message), ShopJson.Web.ErrorAnswer, statusCode: 400);

    private static async Task<IResult> Unavailable(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (DatabaseUnavailableException e)
        {
            return Results.Json(new ErrorAnswer(e.Message), ShopJson.Web.ErrorAnswer, statusCode: 503);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial Regex SkuPattern();
}
