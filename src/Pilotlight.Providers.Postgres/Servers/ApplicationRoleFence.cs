using System.Diagnostics;
using Npgsql;

namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>
/// The fence over SQL, for a server Pilotlight can neither stop nor reach the host of: the application's role
/// loses LOGIN (a catalog change that holds across restarts, unlike a session default that any client can SET
/// off — FIELD-NOTES, pitfall 7) and every session of it is terminated. It holds against the application, not
/// against other roles that can log in.
/// </summary>
internal sealed class ApplicationRoleFence(PostgresServer server, string role) : IServerFence
{
    private static readonly TimeSpan TerminationLimit = TimeSpan.FromSeconds(5);

    private const string State =
        """
        SELECT pg_is_in_recovery(),
               (SELECT rolcanlogin FROM pg_roles WHERE rolname = $1),
               (SELECT count(*) FROM pg_stat_activity WHERE usename = $1)
        """;

    public async Task FenceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(server.ControlConnection());
            await PostgresServer.WithTimeoutAsync(async ct => { await connection.OpenAsync(ct); return true; }, cancellationToken);
            await using (var recovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection))
            {
                if ((bool)(await recovery.ExecuteScalarAsync(cancellationToken))!)
                {
                    return;
                }
            }

            await using (var nologin = new NpgsqlCommand($"ALTER ROLE {QuoteIdentifier(role)} NOLOGIN", connection))
            {
                await nologin.ExecuteNonQueryAsync(cancellationToken);
            }

            // No new session of the role can start now; one that was authenticating a moment ago may still appear.
            var clock = Stopwatch.StartNew();
            long remaining;
            do
            {
                await using var terminate = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid, 1000)) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()", connection)
                {
                    Parameters = { new() { Value = role } },
                };
                await terminate.ExecuteScalarAsync(cancellationToken);
                await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE usename = $1", connection) { Parameters = { new() { Value = role } } };
                remaining = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            }
            while (remaining > 0 && clock.Elapsed < TerminationLimit);

            if (remaining > 0)
            {
                throw new InvalidOperationException($"not fenced: {remaining} session(s) of role {role} remain on site {server.Site}'s server after pg_terminate_backend");
            }
        }
        catch (PostgresException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"not fenced: site {server.Site}'s server: {server.Describe(e)}", e);
        }
        catch (Exception e) when (e is not InvalidOperationException && PostgresServer.IsLost(e, cancellationToken))
        {
            throw new InvalidOperationException($"unreachable: not fenced: site {server.Site}'s database on port {server.Port}: {server.Describe(e)}");
        }
    }

    /// <summary>Fenced when the role cannot log in and none of its sessions remain, or when the server is in recovery.</summary>
    public async Task<bool> IsFencedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await PostgresServer.WithTimeoutAsync(
                async ct =>
                {
                    await using var connection = new NpgsqlConnection(server.ControlConnection());
                    await connection.OpenAsync(ct);
                    await using var command = new NpgsqlCommand(State, connection) { Parameters = { new() { Value = role } } };
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    await reader.ReadAsync(ct);
                    return reader.GetBoolean(0) || (!reader.IsDBNull(1) && !reader.GetBoolean(1) && reader.GetInt64(2) == 0);
                },
                cancellationToken);
        }
        catch (Exception e) when (PostgresServer.IsLost(e, cancellationToken))
        {
            return false;
        }
    }

    internal static string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
