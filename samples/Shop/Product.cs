namespace Shop;

/// <summary>A product of the catalogue.</summary>
internal sealed record Product(string Sku, string Name, int PriceCents);
