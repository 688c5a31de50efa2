namespace Shop;

/// <summary>A stored order; <see cref="Site"/> is the site whose Shop committed it.</summary>
internal sealed record Order(long Id, string Sku, int Qty, string? ClientRef, string Site, DateTimeOffset CreatedAt);
