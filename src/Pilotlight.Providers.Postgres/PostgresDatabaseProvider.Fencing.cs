using Npgsql;
using Pilotlight.Providers.Postgres.Servers;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider
{
    /// <summary>
    /// pg_promote, waiting for the end of recovery. The new primary has no standby yet, so any synchronous
    /// standby name it inherited is cleared — else every commit would wait for a standby that does not exist
    /// (FIELD-NOTES, pitfall 2): until failback attaches one, the promoted primary replicates to no one. The
    /// application's role gets LOGIN back: a SQL fence of the old primary replicated its NOLOGIN here.
    /// </summary>
    public async Task PromoteAsync(string site, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Server(site).ControlConnection());
        await connection.OpenAsync(cancellationToken);
        await using (var check = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection))
        {
            if ((bool)(await check.ExecuteScalarAsync(cancellationToken))!)
            {
                // Signalled, then asked every 10 ms: pg_promote's own wait looks only every 100 ms, and promotion
                // itself takes some 40 ms (FIELD-NOTES).
                await using var promote = new NpgsqlCommand("SELECT pg_promote(false)", connection);
                await promote.ExecuteScalarAsync(cancellationToken);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await using var recovering = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
                while ((bool)(await recovering.ExecuteScalarAsync(cancellationToken))!)
                {
                    if (clock.Elapsed > TimeSpan.FromSeconds(30))
                    {
                        throw new InvalidOperationException($"postgres {site} did not finish promotion within 30s");
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
                }
            }
        }

        await ExecuteAsync(
            connection,
            ["ALTER SYSTEM RESET synchronous_standby_names", "ALTER SYSTEM RESET synchronous_commit", "ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()"],
            cancellationToken);
        if (_applicationUser is { } role)
        {
            await using var locked = new NpgsqlCommand("SELECT NOT rolcanlogin FROM pg_roles WHERE rolname = $1", connection) { Parameters = { new() { Value = role } } };
            if (await locked.ExecuteScalarAsync(cancellationToken) is true)
            {
                await ExecuteAsync(connection, [$"ALTER ROLE {ApplicationRoleFence.QuoteIdentifier(role)} LOGIN"], cancellationToken);
            }
        }
    }

    /// <summary>
    /// Fences the site's server so that it takes no write from any client, as strongly as the plan allows (see
    /// <see cref="FenceStrategy"/>); a lab node through its host (see <see cref="PostgresNode.FenceAsync"/>), which
    /// works on a frozen or partitioned server too. Throws, saying "not fenced" (and "unreachable: not fenced" for
    /// a server it cannot reach), when it cannot be applied — never reports a fence that does not hold.
    /// </summary>
    public Task FenceAsync(string site, CancellationToken cancellationToken) => Server(site).FenceAsync(cancellationToken);

    /// <summary>True only when the site's server provably takes no write (down and marked standby, or in recovery, or locked out by the fence).</summary>
    public Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken) => Server(site).IsFencedAsync(cancellationToken);

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
