namespace Pilotlight.Core.Plans;

/// <summary>
/// The plan's <c>load:</c> block: the write <c>pilotlight load</c> sends through the entry (method, path, a body
/// template whose <c>{ref}</c> is replaced by a unique reference), the status that acknowledges it, and where the
/// database keeps the reference (<c>ledger: { table, column }</c>) so <c>verify-ledger</c> can look it up. The
/// defaults are the sample Shop's <c>POST /orders</c> and <c>orders.client_ref</c>.
/// </summary>
public sealed record LoadSettings
{
    public const string RefPlaceholder = "{ref}";

    public static LoadSettings Default { get; } = new();

    public string Method { get; init; } = "POST";

    public string Path { get; init; } = "/orders";

    public string Body { get; init; } = """{"sku":"SKU-1","qty":1,"client_ref":"{ref}"}""";

    public int ExpectStatus { get; init; } = 201;

    public string LedgerTable { get; init; } = "orders";

    public string LedgerColumn { get; init; } = "client_ref";
}
