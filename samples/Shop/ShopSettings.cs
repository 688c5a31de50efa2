namespace Shop;

/// <summary>The Shop's settings, from the environment the compute provider sets.</summary>
internal sealed record ShopSettings(string Site, string Host, int Port, string Database, string Objects, string? SettingsFile)
{
    private static readonly string[] Required = ["SHOP_SITE", "SHOP_PORT", "SHOP_DATABASE", "SHOP_OBJECTS"];

    public static ShopSettings? FromEnvironment(TextWriter error)
    {
        var missing = Required.Where(n => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(n))).ToList();
        if (missing.Count > 0)
        {
            error.WriteLine($"shop: missing environment variable(s) {string.Join(", ", missing)}; expected SHOP_SITE, SHOP_PORT, SHOP_DATABASE (Npgsql connection string) and SHOP_OBJECTS (object store directory)");
            return null;
        }

        if (!int.TryParse(Environment.GetEnvironmentVariable("SHOP_PORT"), out var port) || port is < 1 or > 65535)
        {
            error.WriteLine($"shop: SHOP_PORT '{Environment.GetEnvironmentVariable("SHOP_PORT")}' is not a port; expected 1 to 65535");
            return null;
        }

        return new ShopSettings(
            Environment.GetEnvironmentVariable("SHOP_SITE")!,
            Environment.GetEnvironmentVariable("SHOP_HOST") is { Length: > 0 } host ? host : "127.0.0.1",
            port,
            Environment.GetEnvironmentVariable("SHOP_DATABASE")!,
            Environment.GetEnvironmentVariable("SHOP_OBJECTS")!,
            Environment.GetEnvironmentVariable("SHOP_SETTINGS"));
    }
}
