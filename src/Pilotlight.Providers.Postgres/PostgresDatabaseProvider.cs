using Npgsql;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Postgres.Status;

namespace Pilotlight.Providers.Postgres;

/// <summary>
/// The <c>postgres</c> database provider over the plan's sites. Status never throws for a lost server: each
/// question gets <see cref="QueryTimeout"/>, so a frozen (SIGSTOP) server reads Unreachable promptly.
/// </summary>
public sealed partial class PostgresDatabaseProvider(IReadOnlyDictionary<string, PostgresNode> nodes) : IDatabaseProvider
{
    internal static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Role from pg_is_in_recovery(). A standby's lag is measured against the other site's server when that one is
    /// its primary (see <see cref="ReplicaLag"/>), else from what the standby received but has not replayed.
    /// </summary>
    public async Task<DatabaseStatus> GetStatusAsync(string site, CancellationToken cancellationToken)
    {
        var node = Node(site);
        ServerObservation own;
        try
        {
            own = await WithTimeoutAsync(ct => StatusQueries.ObserveAsync(ControlConnection(node), ct), cancellationToken);
        }
        catch (Exception e) when (IsLost(e, cancellationToken))
        {
            var reason = e is OperationCanceledException or TimeoutException ? $"no answer within {QueryTimeout.TotalSeconds:0}s" : e.Message;
            return new DatabaseStatus(site, DatabaseRole.Unreachable, null, null, null, null, false, $"port {node.Port}: {reason}");
        }

        if (!own.InRecovery)
        {
            return new DatabaseStatus(site, DatabaseRole.Primary, own.Timeline, own.Lsn, null, null, own.StreamingSenders > 0, null);
        }

        PrimaryView? primary = null;
        foreach (var other in nodes.Where(n => n.Key != site).Select(n => n.Value))
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
            var own = await WithTimeoutAsync(ct => StatusQueries.ObserveAsync(ControlConnection(Node(site)), ct), cancellationToken);
            return own.InRecovery ? DatabaseRole.Standby : DatabaseRole.Primary;
        }
        catch (Exception e) when (IsLost(e, cancellationToken))
        {
            return DatabaseRole.Unreachable;
        }
    }

    private static async Task<PrimaryView?> PrimaryViewAsync(PostgresNode other, string standbySite, ServerObservation standby, CancellationToken cancellationToken)
    {
        if (standby.Lsn is null)
        {
            return null;
        }

        try
        {
            return await WithTimeoutAsync(ct => StatusQueries.PrimaryViewAsync(ControlConnection(other), standbySite, standby, ct), cancellationToken);
        }
        catch (Exception e) when (IsLost(e, cancellationToken))
        {
            return null;
        }
    }

    private PostgresNode Node(string site) =>
        nodes.TryGetValue(site, out var node) ? node : throw new ArgumentException($"no database for site '{site}'", nameof(site));

    private static string ControlConnection(PostgresNode node) => node.Connection("postgres", pooling: false);

    // WaitAsync: the timeout holds even where the driver does not give up at once on a frozen server.
    private static async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        return await query(timeout.Token).WaitAsync(QueryTimeout, cancellationToken);
    }

    /// <summary>The server is down, frozen or refusing: an observation, not an error (unless the caller cancelled).</summary>
    private static bool IsLost(Exception e, CancellationToken cancellationToken) =>
        e is NpgsqlException or OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested;
}
