using Npgsql;
using Pilotlight.Core.Providers;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Tests.Switchover;

/// <summary>What the switchover tests share: a plan-built provider over a <see cref="PasswordPair"/> with data_dirs, SQL helpers.</summary>
internal static class SwitchoverFixture
{
    /// <summary>Control role pilot with its password file; both sites' data directories on this host.</summary>
    public static PostgresDatabaseProvider Provider(PasswordPair pair, string topLevel = "") =>
        pair.Provider(
            $"password_file: {PasswordPair.PasswordFile}\n{topLevel}",
            siteA: $"data_dir: \"{pair.Primary.DataDir}\"",
            siteB: $"data_dir: \"{pair.Standby.DataDir}\"");

    public static async Task ExecuteAsync(PostgresNode node, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(node.Connection("shop", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> CountAsync(PostgresNode node, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(node.Connection("shop", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<string?> TextAsync(PostgresNode node, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(node.Connection("shop", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync(cancellationToken))?.ToString();
    }

    /// <summary>Waits until the standby has replayed the demotion token, as the engine would.</summary>
    public static Task WaitReplayedAsync(PostgresDatabaseProvider provider, string site, string token, CancellationToken cancellationToken) =>
        Poll.UntilAsync(ct => provider.HasReplayedAsync(site, token, ct), TimeSpan.FromSeconds(30), $"site {site} to replay {token}", cancellationToken);

    /// <summary>The rows a standby has, once it replayed what its primary has now.</summary>
    public static Task WaitCountAsync(PostgresNode node, string sql, long expected, CancellationToken cancellationToken) =>
        Poll.UntilAsync(async ct => await CountAsync(node, sql, ct) == expected, TimeSpan.FromSeconds(30), $"{sql} to be {expected} on postgres {node.Site}", cancellationToken);

    public static void ShouldBeStandbyMethod(this StandbyRebuild rebuild, string method) =>
        rebuild.Method.ShouldBe(method, $"rebuild said: {rebuild.Detail}");
}
