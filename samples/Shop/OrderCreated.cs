namespace Shop;

/// <summary>The answer to a placed order: its id and the site that committed it.</summary>
internal sealed record OrderCreated(long Id, string Site);
