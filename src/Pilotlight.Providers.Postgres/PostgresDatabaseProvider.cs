using Pilotlight.Core.Providers;
using Pilotlight.Providers.Postgres.Servers;
using Pilotlight.Providers.Postgres.Status;

namespace Pilotlight.Providers.Postgres;

/// <summary>
/// The <c>postgres</c> database provider over the plan's sites. Status never throws for a lost server: each
/// question gets <see cref="QueryTimeout"/>, so a frozen (SIGSTOP) server reads Unreachable promptly.
/// </summary>
public sealed partial class PostgresDatabaseProvider : IDatabaseProvider, IProbeSource, IDatabaseSwitchover
{
    internal static readonly TimeSpan QueryTimeout = PostgresServer.QueryTimeout;

    private readonly IReadOnlyDictionary<string, PostgresServer> _servers;
    private readonly string? _applicationUser;
    private readonly bool _synchronous;

    /// <summary>Over servers the lab runs, by site: trusted local connections, each node's own strong fence.</summary>
    /// <param name="synchronous">Replication as the lab runs it: <c>--sync</c> (see <see cref="ConfigureReplicationAsync"/>).</param>
    public PostgresDatabaseProvider(IReadOnlyDictionary<string, PostgresNode> nodes, bool synchronous = false)
        : this(Servers(nodes), applicationUser: null, synchronous)
    {
    }

    internal PostgresDatabaseProvider(IReadOnlyDictionary<string, PostgresServer> servers, string? applicationUser, bool synchronous = false)
    {
        _servers = servers;
        _applicationUser = applicationUser;
        _synchronous = synchronous;
    }

    /// <summary>
    /// Role from pg_is_in_recovery(). A standby's lag is measured against the other site's server when that one is
    /// its primary (see <see cref="ReplicaLag"/>), else from what the standby received but has not replayed.
    /// </summary>
    public async Task<DatabaseStatus> GetStatusAsync(string site, CancellationToken cancellationToken)
    {
        var server = Server(site);
        ServerObservation own;
        try
        {
            own = await PostgresServer.WithTimeoutAsync(ct => StatusQueries.ObserveAsync(server.ControlConnection(), ct), cancellationToken);
        }
        catch (Exception e) when (PostgresServer.IsLost(e, cancellationToken))
        {
            var problem = e is PasswordUnavailableException ? e.Message : $"port {server.Port}: {server.Describe(e)}";
            return new DatabaseStatus(site, DatabaseRole.Unreachable, null, null, null, null, false, problem);
        }

        if (!own.InRecovery)
        {
            return new DatabaseStatus(site, DatabaseRole.Primary, own.Timeline, own.Lsn, null, null, own.StreamingSenders > 0, null);
        }

        PrimaryView? primary = null;
        foreach (var other in _servers.Where(n => n.Key != site).Select(n => n.Value))
        {
            primary ??= await PrimaryViewAsync(other, site, own, cancellationToken);
        }

        var (lagBytes, lagTime) = ReplicaLag.Estimate(own, primary);
        return new DatabaseStatus(site, DatabaseRole.Standby, own.Timeline, own.Lsn, lagBytes, lagTime, own.Receiving, null);
    }

    /// <summary>The role from this site's server alone (the lag, which asks the other site, is left out).</summary>
    public async Task<DatabaseRole> GetRoleAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            var own = await PostgresServer.WithTimeoutAsync(ct => StatusQueries.ObserveAsync(Server(site).ControlConnection(), ct), cancellationToken);
            return own.InRecovery ? DatabaseRole.Standby : DatabaseRole.Primary;
        }
        catch (Exception e) when (PostgresServer.IsLost(e, cancellationToken))
        {
            return DatabaseRole.Unreachable;
        }
    }

    private static async Task<PrimaryView?> PrimaryViewAsync(PostgresServer other, string standbySite, ServerObservation standby, CancellationToken cancellationToken)
    {
        if (standby.Lsn is null)
        {
            return null;
        }

        try
        {
            return await PostgresServer.WithTimeoutAsync(ct => StatusQueries.PrimaryViewAsync(other.ControlConnection(), standbySite, standby, ct), cancellationToken);
        }
        catch (Exception e) when (PostgresServer.IsLost(e, cancellationToken))
        {
            return null;
        }
    }

    internal PostgresServer Server(string site) =>
        _servers.TryGetValue(site, out var server) ? server : throw new ArgumentException($"no database for site '{site}'", nameof(site));

    private static Dictionary<string, PostgresServer> Servers(IReadOnlyDictionary<string, PostgresNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return nodes.ToDictionary(n => n.Key, n => (PostgresServer)new NodeServer(n.Key, n.Value), StringComparer.Ordinal);
    }
}
