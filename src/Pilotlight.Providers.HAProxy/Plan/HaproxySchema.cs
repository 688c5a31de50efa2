using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// <c>traffic.provider: haproxy</c> — the servers of one backend of a running HAProxy, switched between sites
/// through its runtime API (<c>admin_socket</c> or <c>admin_address</c>), never by a reload.
/// <para>
/// Without <c>config_path</c> the provider writes no file but <c>server_state_file</c>: routing changes only at run
/// time, so a restarted HAProxy would route as its config says. For routing to survive a restart, the user's config
/// names the file in <c>global</c> (<c>server-state-file /var/lib/haproxy/server-state</c>) and loads it
/// (<c>load-server-state-from-file global</c> in <c>defaults</c> or the backend), and the plan gives the same path
/// as <c>server_state_file</c>: after each switch or fence the provider replaces that file with the runtime's
/// <c>show servers state</c>. With <c>config_path</c> (the lab, whose config Pilotlight writes) the server lines of
/// that file are marked <c>disabled</c> to match as well.
/// </para>
/// </summary>
internal sealed partial class HaproxySchema : IProviderFactory
{
    private const string NameRule = "letters, digits, '-', '_' and '.' only, as HAProxy names servers and backends";

    public ResourceKind Kind => ResourceKind.Traffic;

    public string Name => "haproxy";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var (socket, address, adminFine) = ReadAdmin(config);
        var backend = config.Text("backend") ?? HaproxyConfig.Backend;
        var backendFine = NameToken().IsMatch(backend);
        if (!backendFine)
        {
            config.Report("backend", $"'{backend}' is not a valid backend name", NameRule);
        }

        var listen = config.Endpoint("listen");
        var entryUrl = config.Url("entry_url");
        var entryFine = !config.Has("listen") || listen is not null;
        entryFine &= !config.Has("entry_url") || entryUrl is not null;
        if (!config.Has("listen") && !config.Has("entry_url"))
        {
            config.ReportHere("has neither entry_url nor listen", "entry_url: the URL clients use, e.g. https://shop.example.com, or listen: host:port of the frontend");
            entryFine = false;
        }

        var configPath = config.Text("config_path");
        var binary = config.Text("binary") ?? "/usr/sbin/haproxy";
        var serverStateFile = config.Text("server_state_file");
        var servers = ReadServers(config, context);
        if (!adminFine || !backendFine || !entryFine || servers is null)
        {
            return null;
        }

        return new HaproxySettings
        {
            AdminSocket = socket,
            AdminAddress = address,
            Backend = backend,
            Servers = servers,
            EntryUrl = entryUrl ?? new Uri($"http://{listen}/"),
            Listen = listen,
            ConfigPath = configPath,
            Binary = binary,
            ServerStateFile = serverStateFile,
        };
    }

    private static (string? Socket, Endpoint? Address, bool Fine) ReadAdmin(MapReader config)
    {
        var socket = config.Text("admin_socket");
        var address = config.Endpoint("admin_address");
        const string expected = "admin_socket: the path of HAProxy's `stats socket … level admin`, or admin_address: host:port of a `stats socket ipv4@host:port level admin`";
        if (config.Has("admin_socket") && config.Has("admin_address"))
        {
            config.Report("admin_address", "is given together with admin_socket", "either " + expected);
            return (null, null, false);
        }

        if (!config.Has("admin_socket") && !config.Has("admin_address"))
        {
            config.ReportHere("has neither admin_socket nor admin_address", expected);
            return (null, null, false);
        }

        return (socket, address, socket is not null || address is not null);
    }

    /// <summary>Each site's servers (<c>a: { servers: [a1, a2] }</c>): at least one, valid names, none in two sites.</summary>
    private static ImmutableDictionary<string, ImmutableArray<string>>? ReadServers(MapReader config, ProviderContext context)
    {
        var perSite = context.ReadPerSite(config, (block, _) =>
        {
            var names = block.StringList("servers", required: true);
            if (names.Count == 0)
            {
                if (block.Has("servers"))
                {
                    block.Report("servers", "is empty", "the names of this site's servers in the backend, e.g. [a1, a2]");
                }

                return null;
            }

            var bad = names.Where(n => !NameToken().IsMatch(n.Value)).ToList();
            foreach (var name in bad)
            {
                config.Problems.Add(name.Position, name.Path, $"'{name.Value}' is not a valid server name", NameRule);
            }

            return bad.Count == 0 ? new SiteServers([.. names]) : null;
        });

        var fine = perSite.Count == context.Sites.Length;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (site, name) in perSite
            .SelectMany(p => p.Value.Names.Select(n => (Site: p.Key, Name: n)))
            .OrderBy(p => p.Name.Position.Line).ThenBy(p => p.Name.Position.Column))
        {
            if (seen.TryGetValue(name.Value, out var first))
            {
                var where = first == site ? "is listed twice" : $"is a server of site '{first}' too";
                config.Problems.Add(name.Position, name.Path, $"'{name.Value}' {where}", "each server in one site, once");
                fine = false;
            }
            else
            {
                seen.Add(name.Value, site);
            }
        }

        return fine ? perSite.ToImmutableDictionary(p => p.Key, p => p.Value.Names.Select(n => n.Value).ToImmutableArray(), StringComparer.Ordinal) : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex NameToken();

    private sealed record SiteServers(ImmutableArray<Located<string>> Names);
}
