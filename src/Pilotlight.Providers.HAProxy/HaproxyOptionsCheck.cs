using System.Net;
using System.Text;

namespace Pilotlight.Providers.HAProxy;

/// <summary>Rejects options HAProxy would refuse or misread, with a message that names the field.</summary>
internal static class HaproxyOptionsCheck
{
    private const int MaxSocketPathBytes = 107;

    public static void Validate(HaproxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IPAddress.TryParse(options.Listen.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"listen {options.Listen} must be a loopback address such as 127.0.0.1", nameof(options));
        }

        if (Encoding.UTF8.GetByteCount(Path.GetFullPath(options.AdminSocketPath)) > MaxSocketPathBytes)
        {
            throw new ArgumentException($"admin socket path {options.AdminSocketPath} is longer than {MaxSocketPathBytes} bytes", nameof(options));
        }

        if (options.Servers.IsDefaultOrEmpty)
        {
            throw new ArgumentException("the entry needs at least one backend server", nameof(options));
        }

        foreach (var server in options.Servers)
        {
            if (!IsToken(server.Name) || !IsToken(server.Site))
            {
                throw new ArgumentException($"server '{server.Name}' of site '{server.Site}': names may hold letters, digits, '-', '_' and '.' only", nameof(options));
            }
        }

        if (options.Servers.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"server name '{twice.Key}' is declared twice", nameof(options));
        }

        if (!options.Servers.Any(s => s.Site == options.ActiveSite))
        {
            throw new ArgumentException($"active site '{options.ActiveSite}' has no servers", nameof(options));
        }
    }

    private static bool IsToken(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
