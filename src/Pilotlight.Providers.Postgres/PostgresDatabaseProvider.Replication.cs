using Npgsql;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider
{
    private static readonly TimeSpan SyncLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For <c>replication: sync</c>: <paramref name="standbySite"/> becomes the primary's synchronous standby with
    /// <c>remote_apply</c> (ALTER SYSTEM and reload, as the lab does), waiting until the primary reports it
    /// <c>sync</c>; for async, both settings are reset. Set only once the standby streams (FIELD-NOTES, pitfall 2).
    /// </summary>
    public async Task ConfigureReplicationAsync(string primarySite, string standbySite, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Server(primarySite).ControlConnection());
        await connection.OpenAsync(cancellationToken);
        string[] statements = _synchronous
            ? [$"ALTER SYSTEM SET synchronous_standby_names = {Literal(Identifier(standbySite))}", "ALTER SYSTEM SET synchronous_commit = 'remote_apply'", "SELECT pg_reload_conf()"]
            : ["ALTER SYSTEM RESET synchronous_standby_names", "ALTER SYSTEM RESET synchronous_commit", "SELECT pg_reload_conf()"];
        await ExecuteAsync(connection, statements, cancellationToken);
        await Poll.UntilAsync(
            ct => ReplicationModeHoldsAsync(connection, standbySite, ct),
            SyncLimit,
            _synchronous ? $"site {standbySite} to be the synchronous standby of site {primarySite}" : $"site {primarySite} to replicate asynchronously",
            cancellationToken,
            TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Sync: the primary names the standby in synchronous_standby_names, commits wait for remote_apply, and reports it sync. Async: neither is set.</summary>
    public async Task<bool> IsReplicationConfiguredAsync(string primarySite, string standbySite, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Server(primarySite).ControlConnection());
        await connection.OpenAsync(cancellationToken);
        return await ReplicationModeHoldsAsync(connection, standbySite, cancellationToken);
    }

    private async Task<bool> ReplicationModeHoldsAsync(NpgsqlConnection connection, string standbySite, CancellationToken cancellationToken)
    {
        const string Sync =
            """
            SELECT current_setting('synchronous_standby_names') = $1
               AND current_setting('synchronous_commit') = 'remote_apply'
               AND EXISTS (SELECT 1 FROM pg_stat_replication WHERE application_name = $2 AND sync_state = 'sync')
            """;
        const string Async = "SELECT current_setting('synchronous_standby_names') = ''";
        await using var command = new NpgsqlCommand(_synchronous ? Sync : Async, connection);
        if (_synchronous)
        {
            command.Parameters.Add(new() { Value = Identifier(standbySite) });
            command.Parameters.Add(new() { Value = standbySite });
        }

        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Identifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
}
