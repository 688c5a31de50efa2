using System.Collections.Immutable;
using Npgsql;
using Pilotlight.Processes;
using Pilotlight.Providers.Postgres.Servers;
using Pilotlight.Providers.Postgres.Switchover;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider
{
    private static readonly TimeSpan CheckLimit = TimeSpan.FromSeconds(10);

    // Prints one line per thing missing on the host; exits 0 when it could look.
    private const string CheckScript =
        """
        if [ ! -f "$data_dir/PG_VERSION" ]; then echo "no database cluster in $data_dir (no PG_VERSION)"; fi
        for tool in pg_ctl pg_controldata pg_rewind pg_basebackup pg_waldump $extra_tools; do
            [ -x "$bin_dir/$tool" ] || echo "$bin_dir/$tool is missing (bin_dir)"
        done
        exit 0
        """;

    // Before the stop, so that a restart, even one by a service manager, comes back read-only in recovery.
    private const string MarkFencedScript =
        """
        [ -f "$data_dir/PG_VERSION" ] || fail "no database cluster in $data_dir (no PG_VERSION)"
        [ -f "$data_dir/standby.signal" ] && exit 0
        as_owner sh -c 'printf "%s\n" "$1" > "$2/standby.signal"' sh "$marker" "$data_dir" || fail "cannot write $data_dir/standby.signal"
        """;

    /// <summary>
    /// Lines for what is missing on the site's host for demotion, rebuild and capture: a data_dir in the plan, an
    /// executor that runs commands (it must run <c>true</c>), a cluster in the data directory, the tools in bin_dir,
    /// a way to start the server. Bounded to about 10 s; changes nothing.
    /// </summary>
    /// <summary>A CHECKPOINT on the primary while it still takes writes: the shutdown checkpoint of the demotion then writes little.</summary>
    public async Task PrepareDemotionAsync(string site, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Server(site).ControlConnection());
        await connection.OpenAsync(cancellationToken);
        await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 60 };
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ImmutableArray<string>> CheckOperableAsync(string site, CancellationToken cancellationToken)
    {
        var host = Server(site).OnHost;
        var lines = ImmutableArray.CreateBuilder<string>();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CheckLimit);
        var executorWorks = true;
        if (host.Executor is { } executor)
        {
            var probe = await CommandRunner.RunAsync(executor.Words[0], [.. executor.Words.Skip(1), "true"], CheckLimit, limit.Token, workingDirectory: "/");
            if (!probe.Succeeded)
            {
                executorWorks = false;
                lines.Add($"site {site}: the executor '{executor}' cannot run 'true' on the server's host: {HostScript.Describe(probe, CheckLimit, null)}");
            }
        }

        if (host.DataDir is null)
        {
            lines.Add($"site {site}: no data_dir in the plan; rewind, base backup and a clean demotion (pg_ctl stop -m fast) need one");
        }
        else if (executorWorks)
        {
            var extra = host.StartCommand is null && host.IsLocal ? "postgres" : "";
            var result = await HostScript.RunAsync(host, CheckScript, new Dictionary<string, string> { ["extra_tools"] = extra }, CheckLimit, limit.Token);
            if (!result.Succeeded)
            {
                lines.Add($"site {site}: cannot run a script on the server's host: {HostScript.Describe(result, CheckLimit, null)}");
            }
            else
            {
                lines.AddRange(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => $"site {site}: {l}"));
            }
        }

        if (host.StartCommand is null && !host.IsLocal)
        {
            lines.Add($"site {site}: no way to start the server: no start_command, and its data_dir is not on this host");
        }

        // Down (refused) is fine: it is started when needed. No answer at all is a frozen server or a cut network.
        if (await Server(site).AskRoleAsync(limit.Token) == ServerAnswer.Unknown)
        {
            var status = await GetStatusAsync(site, limit.Token);
            lines.Add($"site {site}: its server cannot be asked ({status.Problem ?? "no answer"}): it must answer, or be down and refuse connections, to be operated");
        }

        return lines.ToImmutable();
    }

    /// <summary>
    /// Writes <c>standby.signal</c> marked as Pilotlight's fence (so that any restart comes back in recovery), stops
    /// the primary with a fast shutdown — the walsender ships everything up to the shutdown checkpoint to connected
    /// standbys before it exits — and returns pg_controldata's "Latest checkpoint location" once the state is
    /// "shut down". Again on a server down in that state: the same token. A crashed server ("in production" while
    /// down) or a standby is refused: neither was demoted cleanly. Removes nothing.
    /// </summary>
    public async Task<string> DemoteAsync(string site, CancellationToken cancellationToken)
    {
        var host = new ServerOnHost(Server(site));
        if (host.Host.DataDir is null)
        {
            throw new InvalidOperationException($"cannot demote site {site}: the plan gives no data_dir; a clean demotion stops the server with pg_ctl -m fast on its host");
        }

        var answer = await host.Server.AskRoleAsync(cancellationToken);
        if (answer == ServerAnswer.Standby)
        {
            throw new InvalidOperationException($"cannot demote site {site}: its server answers as a standby (in recovery), not as a primary");
        }

        if (answer != ServerAnswer.Down)
        {
            await host.RunAsync("marking the data directory fenced (standby.signal)", MarkFencedScript, new Dictionary<string, string> { ["marker"] = $"fenced by pilotlight: demoted {DateTimeOffset.UtcNow:O}" }, cancellationToken);
            await host.StopAsync(orImmediate: false, cancellationToken);
        }

        var control = await host.ControlDataAsync(cancellationToken);
        return control.State switch
        {
            ControlData.ShutDown => control.CheckpointLocation,
            ControlData.ShutDownInRecovery => throw new InvalidOperationException($"cannot demote site {site}: its server was shut down as a standby (pg_controldata: {control.State}), not as a primary"),
            "in production" => throw new InvalidOperationException($"site {site} is not cleanly demoted: its server is down but pg_controldata says \"in production\" (it crashed or was killed); its last writes may be on it alone"),
            _ => throw new InvalidOperationException($"site {site} is not cleanly demoted: pg_controldata says \"{control.State}\"; expected \"shut down\""),
        };
    }

    /// <summary>
    /// True when the site's server has replayed WAL strictly past <paramref name="token"/>: pg_last_wal_replay_lsn()
    /// is the end of the last record replayed, so "greater than the position where the shutdown checkpoint record
    /// starts" means that record, and everything before it, was replayed. Still true after the server was promoted
    /// (the last replayed position stays). False while it cannot be asked.
    /// </summary>
    public async Task<bool> HasReplayedAsync(string site, string token, CancellationToken cancellationToken)
    {
        var wanted = WalPosition.Parse(token);
        var server = Server(site);
        try
        {
            var replayed = await PostgresServer.WithTimeoutAsync(
                async ct =>
                {
                    await using var connection = new NpgsqlConnection(server.ControlConnection());
                    await connection.OpenAsync(ct);
                    await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()::text", connection);
                    return await command.ExecuteScalarAsync(ct) as string;
                },
                cancellationToken);
            return replayed is not null && WalPosition.Parse(replayed) > wanted;
        }
        catch (Exception e) when (PostgresServer.IsLost(e, cancellationToken))
        {
            return false;
        }
    }

    /// <summary>
    /// True when the primary's pg_stat_replication shows the site (application_name = site) streaming and the site
    /// answers in recovery with its WAL receiver streaming on the primary's current timeline. The timeline matters
    /// after a promotion: a demoted primary first streams the rest of its old timeline up to the switch point, then
    /// its receiver restarts on the new one, and in between the primary's view alone says "streaming".
    /// </summary>
    public Task<bool> IsStandbyOfAsync(string site, string primarySite, CancellationToken cancellationToken) =>
        StreamsFromAsync(Server(primarySite), Server(site), cancellationToken);

    private static async Task<bool> StreamsFromAsync(PostgresServer primary, PostgresServer standby, CancellationToken cancellationToken)
    {
        try
        {
            var timeline = await PostgresServer.WithTimeoutAsync(
                async ct =>
                {
                    await using var connection = new NpgsqlConnection(primary.ControlConnection());
                    await connection.OpenAsync(ct);
                    await using var command = new NpgsqlCommand(
                        """
                        SELECT CASE WHEN NOT pg_is_in_recovery()
                                     AND EXISTS (SELECT 1 FROM pg_stat_replication WHERE application_name = $1 AND state = 'streaming')
                                    THEN ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END
                        """,
                        connection) { Parameters = { new() { Value = standby.Site } } };
                    return await command.ExecuteScalarAsync(ct) as int?;
                },
                cancellationToken);
            if (timeline is null)
            {
                return false;
            }

            return await PostgresServer.WithTimeoutAsync(
                async ct =>
                {
                    await using var connection = new NpgsqlConnection(standby.ControlConnection());
                    await connection.OpenAsync(ct);
                    await using var command = new NpgsqlCommand(
                        "SELECT pg_is_in_recovery() AND coalesce((SELECT status = 'streaming' AND received_tli = $1 FROM pg_stat_wal_receiver), false)",
                        connection) { Parameters = { new() { Value = timeline.Value } } };
                    return (bool)(await command.ExecuteScalarAsync(ct))!;
                },
                cancellationToken);
        }
        catch (Exception e) when (PostgresServer.IsLost(e, cancellationToken))
        {
            return false;
        }
    }
}
