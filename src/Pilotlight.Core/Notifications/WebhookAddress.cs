namespace Pilotlight.Core.Notifications;

/// <summary>A webhook URL as it may be shown or logged: its origin only, never its user info, path or query.</summary>
public static class WebhookAddress
{
    /// <summary>
    /// <c>https://hooks.example.com/…</c>: user info and query strings carry credentials, and so does the path of
    /// many webhook services (Slack's is the token), so only the scheme, host and port are kept.
    /// </summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var origin = url.IsDefaultPort ? $"{url.Scheme}://{url.Host}" : $"{url.Scheme}://{url.Host}:{url.Port}";
        return url.AbsolutePath is "/" or "" && url.Query.Length == 0 ? origin + "/" : origin + "/…";
    }
}
