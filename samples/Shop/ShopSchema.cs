namespace Shop;

/// <summary>The Shop's tables, created when it starts against a writable primary; the lab seeds the catalogue once a Shop is ready.</summary>
public static class ShopSchema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS products (sku text PRIMARY KEY, name text NOT NULL, price_cents int NOT NULL);
        CREATE TABLE IF NOT EXISTS orders (
            id bigserial PRIMARY KEY,
            sku text NOT NULL REFERENCES products (sku),
            qty int NOT NULL,
            client_ref text,
            site text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS orders_client_ref ON orders (client_ref);
        CREATE TABLE IF NOT EXISTS health_probe (id int);
        """;
}
