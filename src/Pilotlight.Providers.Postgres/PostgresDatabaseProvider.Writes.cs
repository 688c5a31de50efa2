using System.Collections.Immutable;
using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Postgres.Servers;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider : IWriteLookup
{
    private const int LookupBatch = 50_000;

    /// <summary>
    /// The keys that no row of <paramref name="table"/> holds in <paramref name="column"/> on the site's server: one
    /// anti-join of an unnest()ed text array per batch of 50,000 keys, never a query per key. Fails with one line
    /// (no table, no column, no server) as <see cref="InvalidOperationException"/>.
    /// </summary>
    public async Task<ImmutableHashSet<string>> MissingAsync(string site, string table, string column, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var server = Server(site);
        var missing = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return missing.ToImmutable();
        }

        var sql = $"SELECT k FROM unnest($1::text[]) AS k WHERE NOT EXISTS (SELECT 1 FROM {QuoteName(table)} t WHERE t.{QuoteName(column)}::text = k)";
        try
        {
            // Not latency-critical (a check after a run): a busy server gets longer to accept than a probe would.
            var login = new NpgsqlConnectionStringBuilder(server.ControlConnection());
            login.Timeout = Math.Max(login.Timeout, 30);
            await using var connection = new NpgsqlConnection(login.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            foreach (var batch in keys.Chunk(LookupBatch))
            {
                await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 };
                command.Parameters.Add(new NpgsqlParameter { Value = batch, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    missing.Add(reader.GetString(0));
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or PasswordUnavailableException)
        {
            var what = e is PostgresException { SqlState: "42P01" or "42703" } ? $"{table}.{column}: {server.Describe(e)} (the plan's load.ledger names the table and column of the write's reference)" : server.Describe(e);
            throw new InvalidOperationException($"site {site}'s database (port {server.Port}) could not be asked which writes it holds: {what}", e);
        }

        return missing.ToImmutable();
    }

    // "public.orders" -> "public"."orders": each part quoted, quotes doubled (the plan reader allows identifiers only).
    private static string QuoteName(string name) => string.Join('.', name.Split('.').Select(part => $"\"{part.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
}
