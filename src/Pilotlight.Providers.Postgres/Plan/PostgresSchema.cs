using System.Collections.Immutable;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres;

/// <summary><c>database.provider: postgres</c> — a PostgreSQL primary and a streaming hot standby.</summary>
internal sealed class PostgresSchema : IProviderSchema
{
    private static readonly string[] ReplicationWords = ["async", "sync"];

    public ResourceKind Kind => ResourceKind.Database;

    public string Name => "postgres";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var binDir = config.Text("bin_dir", expected: "the directory of the PostgreSQL server binaries") ?? "/usr/lib/postgresql/15/bin";
        var database = config.Text("database") ?? "shop";
        var user = config.Text("user") ?? "postgres";
        var replication = config.Choice("replication", ReplicationWords) ?? (config.Has("replication") ? null : "async");
        var nodes = context.ReadPerSite(config, (site, _) =>
        {
            var host = site.Text("host") ?? "127.0.0.1";
            var port = site.Port("port", required: true);
            var dataDir = site.Text("data_dir");
            return port is null ? null : new PostgresSite(new Endpoint(host, port.Value), dataDir);
        });
        ProviderChecks.DistinctPerSite(config, nodes, n => n.Address.ToString(), "address");
        if (replication is null || nodes.Count != context.Sites.Length)
        {
            return null;
        }

        return new PostgresSettings(binDir, database, user, replication == "sync", nodes);
    }
}

/// <summary>Settings of the <c>postgres</c> database provider.</summary>
public sealed record PostgresSettings(string BinDir, string Database, string User, bool Synchronous, ImmutableDictionary<string, PostgresSite> Nodes) : ProviderSettings;

/// <summary>One site's PostgreSQL server.</summary>
public sealed record PostgresSite(Endpoint Address, string? DataDir);
