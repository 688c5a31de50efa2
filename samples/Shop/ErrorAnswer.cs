namespace Shop;

/// <summary>A one-line error: <c>{"error": "..."}</c>.</summary>
internal sealed record ErrorAnswer(string Error);
