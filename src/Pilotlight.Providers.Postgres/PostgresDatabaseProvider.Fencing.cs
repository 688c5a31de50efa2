using Npgsql;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider
{
    /// <summary>
    /// pg_promote, waiting for the end of recovery. The new primary has no standby yet, so any synchronous
    /// standby name it inherited is cleared — else every commit would wait for a standby that does not exist
    /// (FIELD-NOTES, pitfall 2): until failback attaches one, the promoted primary replicates to no one.
    /// </summary>
    public async Task PromoteAsync(string site, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ControlConnection(Node(site)));
        await connection.OpenAsync(cancellationToken);
        await using (var check = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection))
        {
            if ((bool)(await check.ExecuteScalarAsync(cancellationToken))!)
            {
                await using var promote = new NpgsqlCommand("SELECT pg_promote(true, 30)", connection) { CommandTimeout = 35 };
                if (!(bool)(await promote.ExecuteScalarAsync(cancellationToken))!)
                {
                    throw new InvalidOperationException($"postgres {site} did not finish promotion within 30s");
                }
            }
        }

        await ExecuteAsync(
            connection,
            ["ALTER SYSTEM RESET synchronous_standby_names", "ALTER SYSTEM RESET synchronous_commit", "ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()"],
            cancellationToken);
    }

    /// <summary>
    /// If the site's server answers as a primary, makes it refuse writes (default_transaction_read_only, kept in
    /// postgresql.auto.conf so a restart keeps it fenced) and ends its client sessions. An unreachable server is
    /// left alone: that is what the caller's timeout bounds.
    /// </summary>
    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ControlConnection(Node(site)));
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(
                connection,
                [
                    "ALTER SYSTEM SET default_transaction_read_only = on",
                    "SELECT pg_reload_conf()",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
                ],
                cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // Unreachable: it cannot take writes through us either; the traffic fence already keeps clients away.
        }
    }

    /// <summary>True when the site's server answers and refuses writes, or does not answer at all.</summary>
    public async Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ControlConnection(Node(site)));
            await connection.OpenAsync(cancellationToken);
            await using var check = new NpgsqlCommand("SELECT pg_is_in_recovery() OR current_setting('default_transaction_read_only') = 'on'", connection);
            return (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    // ALTER SYSTEM refuses to run in a transaction block: one statement per command.
    private static async Task ExecuteAsync(NpgsqlConnection connection, IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
