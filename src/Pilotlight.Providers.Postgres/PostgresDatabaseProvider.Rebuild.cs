using System.Globalization;
using Npgsql;
using Pilotlight.Core.Providers;
using Pilotlight.Processes;
using Pilotlight.Providers.Postgres.Servers;
using Pilotlight.Providers.Postgres.Switchover;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider
{
    private static readonly TimeSpan StreamingLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Makes <paramref name="site"/> a standby streaming from <paramref name="primarySite"/> through a physical slot
    /// named after the site on the primary. Its server is stopped, then: attached as it is when its timeline history
    /// is part of the primary's (a clean demotion: its last checkpoint lies before the primary's switch point);
    /// else pg_rewind from the primary; else (rewind failed or impossible) a fresh base backup. The site's own
    /// postgresql.conf, postgresql.auto.conf, pg_hba.conf and pg_ident.conf are kept over what the primary's copies
    /// bring, the standby settings are appended (primary_conninfo with application_name = site and without a
    /// password, the slot, no synchronous standby of its own), standby.signal is written without the fence marker,
    /// and it returns once the primary reports the site streaming and the site's WAL receiver streams on the
    /// primary's timeline. The password of the plan reaches pg_rewind and
    /// pg_basebackup as PGPASSWORD inside the host script only; streaming itself authenticates as the standby's
    /// host allows (trust, or a .pgpass of the server's user). Already streaming from the primary: attached at once.
    /// </summary>
    public async Task<StandbyRebuild> RebuildAsStandbyAsync(string site, string primarySite, CancellationToken cancellationToken)
    {
        if (site == primarySite)
        {
            throw new ArgumentException($"site {site} cannot be a standby of itself", nameof(primarySite));
        }

        if (await IsStandbyOfAsync(site, primarySite, cancellationToken))
        {
            return new StandbyRebuild(StandbyRebuild.Attached, $"site {site} already streams from site {primarySite}");
        }

        var standby = new ServerOnHost(Server(site));
        var primary = Server(primarySite);
        if (standby.Host.DataDir is null)
        {
            throw new InvalidOperationException($"cannot rebuild site {site} as a standby: the plan gives no data_dir for it");
        }

        var slot = PostgresNode.SlotNameOf(site);
        var (timeline, history) = await EnsureSlotAndReadTimelineAsync(primary, slot, cancellationToken);
        var login = primary.Login();
        await standby.StopAsync(orImmediate: true, cancellationToken);
        await standby.RunAsync("saving the site's configuration", RebuildScripts.Save, new Dictionary<string, string> { ["config_files"] = RebuildScripts.ConfigFiles }, cancellationToken);

        var control = await TryControlDataAsync(standby, cancellationToken);
        string? why = null;
        if (control is not null && CanAttach(control, timeline, history, out why))
        {
            await ConfigureAndStartAsync(standby, primary, login, slot, fresh: false, cancellationToken);
            if (await WaitStreamingAsync(primary, standby.Server, cancellationToken))
            {
                return new StandbyRebuild(StandbyRebuild.Attached, why);
            }

            why = $"attached, it did not stream within {StreamingLimit.TotalSeconds:0}s";
            await standby.StopAsync(orImmediate: true, cancellationToken);
            await standby.RunAsync("saving the site's configuration", RebuildScripts.Save, new Dictionary<string, string> { ["config_files"] = RebuildScripts.ConfigFiles }, cancellationToken);
        }

        string rewindFailure;
        if (control is null)
        {
            rewindFailure = "no cluster to rewind";
        }
        else
        {
            var rewind = await HostScript.RunAsync(
                standby.Host,
                RebuildScripts.Rewind,
                new Dictionary<string, string> { ["source"] = login.Conninfo(), ["clean"] = control.IsCleanlyShutDown ? "yes" : "no" },
                ServerOnHost.ScriptLimit,
                cancellationToken,
                login.Password);
            if (rewind.Succeeded)
            {
                await ConfigureAndStartAsync(standby, primary, login, slot, fresh: false, cancellationToken);
                await RequireStreamingAsync(primary, standby.Server, "after pg_rewind", cancellationToken);
                var method = rewind.Output.Contains("no rewind required", StringComparison.Ordinal) ? StandbyRebuild.Attached : StandbyRebuild.Rewound;
                return new StandbyRebuild(method, $"{(why is null ? "" : why + "; ")}pg_rewind from site {primarySite}: {HostScript.Describe(rewind, ServerOnHost.ScriptLimit, login.Password)}");
            }

            rewindFailure = $"pg_rewind failed: {HostScript.Describe(rewind, ServerOnHost.ScriptLimit, login.Password)}";
        }

        await standby.RunAsync(
            "pg_basebackup",
            RebuildScripts.BaseBackup,
            new Dictionary<string, string> { ["source"] = login.Conninfo(), ["slot"] = slot },
            cancellationToken,
            login.Password);
        await ConfigureAndStartAsync(standby, primary, login, slot, fresh: control is null, cancellationToken);
        await RequireStreamingAsync(primary, standby.Server, "after a base backup", cancellationToken);
        return new StandbyRebuild(StandbyRebuild.BaseBackup, $"{(why is null ? "" : why + "; ")}{rewindFailure}; restored from a fresh base backup of site {primarySite}");
    }

    /// <summary>
    /// Attach when the server stopped cleanly and its WAL ends where the primary's history still has it: on the
    /// primary's timeline, or on an ancestor with its last checkpoint (and any recovery point) before the switch.
    /// </summary>
    private static bool CanAttach(ControlData control, int primaryTimeline, string? history, out string why)
    {
        if (!control.IsCleanlyShutDown)
        {
            why = $"its server was not shut down cleanly ({control.State})";
            return false;
        }

        var checkpoint = WalPosition.Parse(control.CheckpointLocation);
        var recovery = WalPosition.Parse(control.MinRecoveryEnd);
        if (control.TimeLine == primaryTimeline)
        {
            why = $"on the primary's timeline {primaryTimeline}";
            return true;
        }

        if (control.TimeLine < primaryTimeline && history is not null && TimelineHistory.SwitchPoint(history, control.TimeLine) is { } fork
            && checkpoint < fork && recovery <= fork)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"its timeline {control.TimeLine} ends before the primary's switch to a new timeline at {WalPosition.Format(fork)} (last checkpoint {control.CheckpointLocation}, recovery point {control.MinRecoveryEnd})");
            return true;
        }

        why = string.Create(CultureInfo.InvariantCulture, $"its timeline {control.TimeLine} (checkpoint {control.CheckpointLocation}) is not part of the primary's history (timeline {primaryTimeline})");
        return false;
    }

    private static async Task<ControlData?> TryControlDataAsync(ServerOnHost host, CancellationToken cancellationToken)
    {
        try
        {
            return await host.ControlDataAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return null; // no cluster there (or not readable): a base backup makes one
        }
    }

    /// <summary>The slot, reserving WAL from now; the primary's timeline and, past the first, its history file.</summary>
    private static async Task<(int Timeline, string? History)> EnsureSlotAndReadTimelineAsync(PostgresServer primary, string slot, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(primary.ControlConnection());
        await connection.OpenAsync(cancellationToken);
        await using (var role = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection))
        {
            if ((bool)(await role.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new InvalidOperationException($"cannot make a standby of site {primary.Site}: its server is in recovery, not a primary");
            }
        }

        await using (var create = new NpgsqlCommand(
            "SELECT pg_create_physical_replication_slot($1, true) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)",
            connection) { Parameters = { new() { Value = slot } } })
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var (timeline, history) = await TimelineAsync(connection, cancellationToken);

        // pg_rewind reads the source's timeline from its pg_control, which a promotion updates only at the next
        // checkpoint: before it, the rewind finds both "on the same timeline" and rewinds nothing.
        await using (var checkpointed = new NpgsqlCommand("SELECT timeline_id FROM pg_control_checkpoint()", connection))
        {
            if ((int)(await checkpointed.ExecuteScalarAsync(cancellationToken))! != timeline)
            {
                await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 300 };
                await checkpoint.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (history is null && timeline > 1)
        {
            throw new InvalidOperationException($"site {primary.Site}'s server has no history file for its timeline {timeline} in pg_wal");
        }

        return (timeline, history);
    }

    /// <summary>The timeline WAL is written on now (not the last checkpoint's) and its history, read through SQL.</summary>
    private static async Task<(int Timeline, string? History)> TimelineAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(
            """
            SELECT t, CASE WHEN t > 1 THEN pg_read_file('pg_wal/' || lpad(upper(to_hex(t)), 8, '0') || '.history', 0, 1000000, true) END
            FROM (SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int AS t) s
            """,
            connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private static async Task ConfigureAndStartAsync(ServerOnHost standby, PostgresServer primary, ServerLogin login, string slot, bool fresh, CancellationToken cancellationToken)
    {
        var own = standby.Server;
        var overrides = string.Create(CultureInfo.InvariantCulture, $"""

            # Pilotlight: the standby of site {primary.Site}, {DateTimeOffset.UtcNow:O}
            primary_conninfo = {Literal(login.ReplicationConninfo(standby.Site))}
            primary_slot_name = {Literal(slot)}
            synchronous_standby_names = ''
            {(fresh ? $"port = {own.Port}\nlisten_addresses = {Literal(own.Host)}\n" : "")}
            """);
        await standby.RunAsync(
            "writing the standby's configuration",
            RebuildScripts.Configure,
            new Dictionary<string, string>
            {
                ["config_files"] = RebuildScripts.ConfigFiles,
                ["overrides"] = overrides,
                ["primary_site"] = primary.Site,
                ["old_slot"] = PostgresNode.SlotNameOf(primary.Site),
            },
            cancellationToken);
        await standby.StartAsync(cancellationToken);
    }

    // The same condition as IsStandbyOfAsync, the step's check after acting: streaming as the primary sees it is
    // not enough (a demoted primary streams its old timeline to the switch point first; CI once caught that).
    private static async Task<bool> WaitStreamingAsync(PostgresServer primary, PostgresServer standby, CancellationToken cancellationToken)
    {
        try
        {
            await Poll.UntilAsync(ct => StreamsFromAsync(primary, standby, ct), StreamingLimit, $"site {standby.Site} to stream from site {primary.Site}", cancellationToken, TimeSpan.FromMilliseconds(200));
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task RequireStreamingAsync(PostgresServer primary, PostgresServer standby, string when, CancellationToken cancellationToken)
    {
        if (!await WaitStreamingAsync(primary, standby, cancellationToken))
        {
            throw new InvalidOperationException($"site {standby.Site} does not stream from site {primary.Site} {when}: within {StreamingLimit.TotalSeconds:0}s site {primary.Site}'s pg_stat_replication showed no streaming application_name {standby.Site}, or site {standby.Site} did not answer as a standby streaming on site {primary.Site}'s timeline");
        }
    }
}
