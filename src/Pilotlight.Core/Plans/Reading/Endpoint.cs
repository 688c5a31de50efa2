using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Pilotlight.Core.Plans.Reading;

/// <summary>A <c>host:port</c> network address.</summary>
public sealed record Endpoint(string Host, int Port)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out Endpoint? endpoint)
    {
        endpoint = null;
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            return false;
        }

        endpoint = new Endpoint(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
