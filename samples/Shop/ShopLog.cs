namespace Shop;

/// <summary>The Shop's log events (ids 1–99). Never a connection string: it may hold a password.</summary>
internal static partial class ShopLog
{
    [LoggerMessage(1, LogLevel.Information, "Shop of site {Site} listening on {Url}")]
    public static partial void Listening(this ILogger logger, string site, string url);

    [LoggerMessage(2, LogLevel.Information, "Schema ready")]
    public static partial void SchemaReady(this ILogger logger);

    [LoggerMessage(3, LogLevel.Warning, "Schema not created, continuing without: {Reason}")]
    public static partial void SchemaSkipped(this ILogger logger, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Database unavailable: {Reason}")]
    public static partial void DatabaseUnavailable(this ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Order {Id} committed locally but not confirmed by the synchronous standby: not acknowledged")]
    public static partial void CommitNotReplicated(this ILogger logger, long id);

    [LoggerMessage(6, LogLevel.Information, "Settings file read: {Count} value(s)")]
    public static partial void SettingsRead(this ILogger logger, int count);

    [LoggerMessage(7, LogLevel.Warning, "Settings file: {Problem}")]
    public static partial void SettingsProblem(this ILogger logger, string problem);

    [LoggerMessage(8, LogLevel.Error, "Unexpected {Type} on {Method} {Path}: {Message}")]
    public static partial void Unexpected(this ILogger logger, string type, string method, string path, string message);
}
