namespace Shop;

/// <summary>An order as a client places it: <c>{"sku": "SKU-3", "qty": 1, "client_ref": "abc"}</c>.</summary>
internal sealed record OrderRequest(string? Sku, int? Qty, string? ClientRef);
