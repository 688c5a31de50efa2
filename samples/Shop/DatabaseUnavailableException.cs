namespace Shop;

/// <summary>The database cannot take the request now: read-only (a standby) or unreachable. Answered with 503.</summary>
internal sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
