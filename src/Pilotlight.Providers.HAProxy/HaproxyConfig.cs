using System.Globalization;
using System.Text;

namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// Renders haproxy.cfg: one frontend, one backend holding every server, the servers of sites that are not routed
/// written <c>disabled</c> (maintenance), so that a restart keeps the routing the runtime API last set.
/// </summary>
internal static class HaproxyConfig
{
    public const string Frontend = "entry";

    public const string Backend = "sites";

    private const string RoutedMarker = "# routed-sites:";

    public static string Render(HaproxyOptions options, IReadOnlySet<string> routedSites)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            # Written by Pilotlight. Routing changes go through the admin socket; this file is rewritten to match them.
            {RoutedMarker} {string.Join(',', routedSites.Order(StringComparer.Ordinal))}
            global
                stats socket {options.AdminSocketPath} mode 600 level admin
                maxconn 2000

            defaults
                mode http
                timeout connect 1s
                timeout client 10s
                timeout server 10s
                timeout queue 5s
                # A server leaving maintenance is up until its first check fails (fall does not apply yet):
                # give that check longer than "inter" so that a slow answer on a busy machine is not a failure.
                timeout check 2s
                # A request sent to a dead server of the routed site is retried on another of its servers.
                retries 2
                option redispatch 1

            frontend {Frontend}
                bind {options.Listen.Host}:{options.Listen.Port}
                default_backend {Backend}

            backend {Backend}
                option httpchk GET {options.HealthPath}
                http-check expect status 200
                default-server inter 500ms fall 2 rise 1

            """);
        foreach (var server in options.Servers)
        {
            var disabled = routedSites.Contains(server.Site) ? "" : " disabled";
            text.Append(CultureInfo.InvariantCulture, $"    server {server.Name} {server.Host}:{server.Port} check{disabled}\n");
        }

        return text.ToString();
    }

    /// <summary>The sites a config file was last written to route to; null if there is no such file.</summary>
    public static IReadOnlySet<string>? RoutedSitesOf(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(RoutedMarker, StringComparison.Ordinal));
        return line?[RoutedMarker.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// <paramref name="text"/> with the server lines of <paramref name="backend"/> that belong to no routed site
    /// marked <c>disabled</c> and the others not, and the routed-sites line updated; every other line is kept.
    /// </summary>
    public static string Reroute(string text, string backend, IReadOnlyDictionary<string, string> siteOfServer, IReadOnlySet<string> routedSites)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var inBackend = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith(RoutedMarker, StringComparison.Ordinal))
            {
                lines[i] = $"{RoutedMarker} {string.Join(',', routedSites.Order(StringComparer.Ordinal))}";
            }
            else if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && words is [var section, ..] && !section.StartsWith('#'))
            {
                inBackend = section is "backend" or "listen" && words.Length > 1 && words[1] == backend;
            }
            else if (inBackend && words is ["server", var name, ..] && siteOfServer.TryGetValue(name, out var site))
            {
                var kept = words.Where(w => w != "disabled");
                var indent = line[..(line.Length - line.TrimStart().Length)];
                lines[i] = indent + string.Join(' ', routedSites.Contains(site) ? kept : kept.Append("disabled"));
            }
        }

        return string.Join('\n', lines);
    }

    public static async Task WriteAsync(HaproxyOptions options, IReadOnlySet<string> routedSites, CancellationToken cancellationToken)
    {
        var temporary = options.ConfigPath + ".tmp";
        await File.WriteAllTextAsync(temporary, Render(options, routedSites), cancellationToken);
        File.Move(temporary, options.ConfigPath, overwrite: true);
    }
}
