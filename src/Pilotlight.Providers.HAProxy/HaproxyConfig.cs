using System.Globalization;
using System.Text;

namespace Pilotlight.Providers.HAProxy;

/// <summary>Renders haproxy.cfg: one frontend, one backend holding every server, the inactive site's servers disabled.</summary>
internal static class HaproxyConfig
{
    public const string Backend = "shop";

    public static string Render(HaproxyOptions options, string activeSite)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            # Written by Pilotlight. Routing changes go through the admin socket; this file is rewritten to match them.
            # active-site: {activeSite}
            global
                stats socket {options.AdminSocketPath} mode 600 level admin
                maxconn 2000

            defaults
                mode http
                timeout connect 1s
                timeout client 10s
                timeout server 10s
                timeout queue 5s
                retries 2
                option redispatch
                log global

            frontend entry
                bind {options.Listen.Host}:{options.Listen.Port}
                default_backend {Backend}

            backend {Backend}
                option httpchk GET {options.HealthPath}
                http-check expect status 200
                default-server inter 500ms fall 2 rise 1
            """);
        foreach (var server in options.Servers)
        {
            var disabled = server.Site == activeSite ? "" : " disabled";
            text.AppendLine(CultureInfo.InvariantCulture, $"    server {server.Name} {server.Host}:{server.Port} check{disabled}");
        }

        return text.ToString();
    }

    /// <summary>The active site a config was written for, or null.</summary>
    public static string? ActiveSiteOf(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        const string marker = "# active-site: ";
        return File.ReadLines(path).FirstOrDefault(l => l.StartsWith(marker, StringComparison.Ordinal))?[marker.Length..].Trim();
    }
}
