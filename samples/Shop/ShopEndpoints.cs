using System.Text.Json;
using System.Text.RegularExpressions;

namespace Shop;

/// <summary>The Shop's HTTP API. Every answer is JSON (images aside); the database's troubles are 503, never 500.</summary>
internal static partial class ShopEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/orders", PlaceAsync);
        app.MapGet("/orders/{id:long}", FindAsync);
        app.MapGet("/orders", ByClientRefAsync);
        app.MapGet("/products", (ShopDatabase database, CancellationToken ct) =>
            AnswerAsync(async () => Results.Json(await database.ProductsAsync(ct), ShopJson.Web.ListProduct)));
        app.MapGet("/products/{sku}/image", Image);
        app.MapGet("/healthz", HealthAsync);
        app.MapGet("/readyz", (ShopSettings settings) => Results.Json(new HealthAnswer("ready", settings.Site, null), ShopJson.Web.HealthAnswer));
    }

    private static async Task<IResult> PlaceAsync(HttpContext context, ShopDatabase database, ShopSettings settings, CancellationToken ct)
    {
        OrderRequest? order;
        try
        {
            order = await JsonSerializer.DeserializeAsync(context.Request.Body, ShopJson.Web.OrderRequest, ct);
        }
        catch (JsonException e)
        {
            return Error(400, $"malformed JSON: {e.Message}; expected {{\"sku\": \"SKU-1\", \"qty\": 1, \"client_ref\": \"abc\"}}");
        }

        if (order is null || string.IsNullOrWhiteSpace(order.Sku))
        {
            return Error(400, "sku is required, e.g. {\"sku\": \"SKU-1\", \"qty\": 1}");
        }

        if (order.Qty is not (>= 1 and <= 1000))
        {
            return Error(400, "qty must be a whole number from 1 to 1000");
        }

        if (order.ClientRef is { Length: > 100 })
        {
            return Error(400, "client_ref must be at most 100 characters");
        }

        return await AnswerAsync(async () =>
        {
            if (await database.PlaceAsync(order.Sku, order.Qty.Value, order.ClientRef, settings.Site, ct) is not { } id)
            {
                return Error(400, $"unknown sku '{order.Sku}'");
            }

            context.Response.Headers.Location = $"/orders/{id}";
            return Results.Json(new OrderCreated(id, settings.Site), ShopJson.Web.OrderCreated, statusCode: 201);
        });
    }

    private static Task<IResult> FindAsync(long id, ShopDatabase database, CancellationToken ct) => AnswerAsync(async () =>
        await database.FindAsync(id, ct) is { } order
            ? Results.Json(order, ShopJson.Web.Order)
            : Error(404, $"no order {id}"));

    private static async Task<IResult> ByClientRefAsync(string? client_ref, ShopDatabase database, CancellationToken ct) =>
        string.IsNullOrEmpty(client_ref)
            ? Error(400, "client_ref is required, e.g. /orders?client_ref=abc")
            : await AnswerAsync(async () => Results.Json(await database.ByClientRefAsync(client_ref, ct), ShopJson.Web.ListOrder));

    private static IResult Image(string sku, ShopSettings settings)
    {
        // The pattern keeps the path inside the object store (no '/', no '..').
        var path = Path.Combine(settings.Objects, "products", $"{sku}.png");
        return SkuPattern().IsMatch(sku) && File.Exists(path)
            ? Results.File(path, "image/png")
            : Error(404, $"no image for '{sku}'");
    }

    private static async Task<IResult> HealthAsync(ShopDatabase database, ShopSettings settings, CancellationToken ct)
    {
        string?[] problems = [await database.WriteProblemAsync(ct), ObjectStoreProblem(settings.Objects)];
        var reason = string.Join("; ", problems.OfType<string>());
        return reason.Length == 0
            ? Results.Json(new HealthAnswer("ok", settings.Site, null), ShopJson.Web.HealthAnswer)
            : Results.Json(new HealthAnswer("unhealthy", settings.Site, reason), ShopJson.Web.HealthAnswer, statusCode: 503);
    }

    private static string? ObjectStoreProblem(string objects)
    {
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(objects).GetEnumerator();
            _ = entries.MoveNext();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"object store not readable: {e.Message}";
        }
    }

    private static IResult Error(int status, string message) => Results.Json(new ErrorAnswer(message), ShopJson.Web.ErrorAnswer, statusCode: status);

    private static async Task<IResult> AnswerAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (DatabaseUnavailableException e)
        {
            return Error(503, e.Message);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SkuPattern();
}
