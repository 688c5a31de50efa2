using System.Collections.Immutable;
using System.Globalization;
using Npgsql;
using Pilotlight.Core.Providers;
using Pilotlight.Processes;
using Pilotlight.Providers.Postgres.Servers;
using Pilotlight.Providers.Postgres.Switchover;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider
{
    // The newest timeline that has WAL segments: a promotion without a checkpoint since leaves pg_controldata behind.
    private const string TimelineScript =
        """
        [ -d "$data_dir/pg_wal" ] || fail "no pg_wal in $data_dir"
        as_owner "$bin_dir/pg_controldata" -D "$data_dir" || fail "pg_controldata failed on $data_dir"
        printf 'Newest WAL timeline: %s\n' "$(ls "$data_dir/pg_wal" | grep -E '^[0-9A-F]{24}$' | cut -c1-8 | sort | tail -n 1)"
        """;

    // pg_waldump stops with an error at the end of the WAL; which error it was is for the caller to judge.
    private const string WalDumpScript =
        """
        export TZ=UTC
        as_owner "$bin_dir/pg_waldump" -p "$data_dir/pg_wal" -t "$timeline" -s "$from" 2>&1 | grep -E '^(rmgr: (Heap|Transaction) |pg_waldump:)'
        exit 0
        """;

    // Readable in recovery, replaying its own WAL only: nothing streams in while it is read.
    private const string ReadOnlyStartScript =
        """
        [ -f "$data_dir/standby.signal" ] || as_owner sh -c 'printf "%s\n" "$1" > "$2/standby.signal"' sh "$marker" "$data_dir" || fail "cannot write $data_dir/standby.signal"
        as_owner sh -c 'printf "%s" "$1" >> "$2/postgresql.auto.conf"' sh "$overrides" "$data_dir" || fail "cannot write $data_dir/postgresql.auto.conf"
        """;

    /// <summary>
    /// The fork is the switch point where the primary's timeline history left the old server's timeline (the
    /// primary's history file read through SQL). pg_waldump on the old server's host, from the fork, gives the
    /// transactions committed there after it (commits with their subtransactions; aborts are ignored) and their
    /// heap inserts, updates and deletes. The old server is read in recovery (started, fenced and streaming from no
    /// one, when it is down; stopped again afterwards): per user table, the rows whose xmin is a diverged
    /// transaction, each traced along its update chain to an insert after the fork or an update of an older row
    /// (see <see cref="RowOrigins"/>). Against the primary, by primary key: absent → INSERT; equal → skipped;
    /// an update of a row the primary has not changed since the fork (its xmin wrote no WAL on the primary after
    /// the fork, by pg_waldump on the primary's host) → UPDATE; anything else is a conflict, commented out with both
    /// versions. Deletes are counted and listed as not captured, as are tables without a primary key, catalog
    /// changes and other databases. Neither server's data changes; the file is written atomically.
    /// </summary>
    public async Task<DivergenceReport> CaptureDivergenceAsync(string oldSite, string primarySite, string sqlPath, CancellationToken cancellationToken)
    {
        var old = new ServerOnHost(Server(oldSite));
        var primary = Server(primarySite);
        var dataDir = old.Host.DataDir ?? throw new InvalidOperationException($"cannot capture site {oldSite}'s divergence: the plan gives no data_dir (pg_waldump reads its pg_wal)");
        int primaryTimeline;
        string? history;
        await using (var connection = new NpgsqlConnection(primary.ControlConnection()))
        {
            await connection.OpenAsync(cancellationToken);
            (primaryTimeline, history) = await TimelineAsync(connection, cancellationToken);
        }

        var answer = await old.Server.AskRoleAsync(cancellationToken);
        if (answer == ServerAnswer.Primary)
        {
            throw new InvalidOperationException($"cannot capture site {oldSite}'s divergence while its server still answers as a primary: fence it first");
        }

        if (answer == ServerAnswer.Unknown)
        {
            throw new InvalidOperationException($"cannot capture site {oldSite}'s divergence: its server neither answers nor refuses connections on port {old.Server.Port}");
        }

        var timelines = await old.RunAsync("reading the timeline (pg_controldata)", TimelineScript, null, cancellationToken);
        var control = ControlData.Parse(timelines) ?? throw new InvalidOperationException($"cannot capture site {oldSite}'s divergence: pg_controldata printed no cluster state for {dataDir}");
        var newest = timelines.Split('\n').FirstOrDefault(l => l.StartsWith("Newest WAL timeline: ", StringComparison.Ordinal))?["Newest WAL timeline: ".Length..].Trim();
        var oldTimeline = Math.Max(control.TimeLine, string.IsNullOrEmpty(newest) ? 0 : int.Parse(newest, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        var sites = $"old primary: site {oldSite} (timeline {oldTimeline}); primary: site {primarySite} (timeline {primaryTimeline})";
        if (oldTimeline == primaryTimeline)
        {
            await DivergenceFile.WriteAsync(sqlPath, ["Pilotlight divergence capture", sites, "no fork: both are on the same timeline, nothing diverged"], [], [], cancellationToken);
            return new DivergenceReport(null, [], []);
        }

        var forkAt = oldTimeline < primaryTimeline && history is not null ? TimelineHistory.SwitchPoint(history, oldTimeline) : null;
        if (forkAt is not { } fork)
        {
            throw new InvalidOperationException($"cannot capture site {oldSite}'s divergence: its timeline {oldTimeline} is not in the history of site {primarySite}'s timeline {primaryTimeline}; it is not a child of any fork of the primary's history");
        }

        var forkText = WalPosition.Format(fork);
        var dump = WalDump.Parse(await old.RunAsync(
            "pg_waldump",
            WalDumpScript,
            new Dictionary<string, string> { ["timeline"] = oldTimeline.ToString(CultureInfo.InvariantCulture), ["from"] = forkText },
            cancellationToken));
        if (dump.Error is { } error && (error.Contains("could not find file", StringComparison.Ordinal) || error.Contains("could not locate", StringComparison.Ordinal) || error.Contains("could not open", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"cannot capture site {oldSite}'s divergence: WAL from {forkText} is no longer in {dataDir}/pg_wal ({error})");
        }

        // The segment holding the fork is there (a missing one is refused above) and holds no record at the fork: the
        // old server's WAL ends exactly where the primary's history left it — it committed nothing after the fork.
        var endsAtFork = dump.Records == 0 && dump.Error is { } end && end.Contains($"could not find a valid record after {forkText}", StringComparison.Ordinal);
        if (dump.Records == 0 && !endsAtFork && (WalPosition.Parse(control.CheckpointLocation) >= fork || !control.IsCleanlyShutDown))
        {
            throw new InvalidOperationException($"cannot capture site {oldSite}'s divergence: WAL from {forkText} cannot be read in {dataDir}/pg_wal ({dump.Error ?? "pg_waldump printed no record"})");
        }

        var writers = await PrimaryWritersAsync(primary, primaryTimeline, forkText, cancellationToken);
        var started = false;
        if (answer == ServerAnswer.Down)
        {
            var overrides = $"\n# Pilotlight: read for a divergence capture, {DateTimeOffset.UtcNow:O}; replays its own WAL only\nprimary_conninfo = ''\nprimary_slot_name = ''\nrestore_command = ''\n";
            await old.RunAsync(
                "readying the old primary to be read in recovery",
                ReadOnlyStartScript,
                new Dictionary<string, string> { ["marker"] = $"fenced by pilotlight: read for a divergence capture {DateTimeOffset.UtcNow:O}", ["overrides"] = overrides },
                cancellationToken);
            started = true;
            await old.StartAsync(cancellationToken);
        }

        try
        {
            var capture = new DivergenceCapture(oldSite, primarySite, forkText, dump, writers);
            await using var oldConnection = await OpenReadingAsync(old.Server, cancellationToken);
            if (capture.LastCommit is { } last)
            {
                await Poll.UntilAsync(
                    async ct => await ScalarAsync(oldConnection, "SELECT pg_last_wal_replay_lsn()::text", ct) is string replayed && WalPosition.Parse(replayed) > last,
                    CatchUpLimit,
                    $"site {oldSite}'s server to replay its own WAL past {WalPosition.Format(last)}",
                    cancellationToken,
                    TimeSpan.FromMilliseconds(100));
            }

            await using var primaryConnection = await OpenReadingAsync(primary, cancellationToken);
            var report = await capture.ReadAsync(oldConnection, primaryConnection, cancellationToken);
            await DivergenceFile.WriteAsync(sqlPath, capture.Header(sites, report), capture.Statements, capture.Conflicts, cancellationToken);
            return report;
        }
        finally
        {
            if (started)
            {
                await old.StopAsync(orImmediate: true, CancellationToken.None);
            }
        }
    }

    /// <summary>Every transaction id that wrote WAL on the primary after the fork; null (with why) when its WAL cannot be read there.</summary>
    private static async Task<(HashSet<uint>? Xids, string? Why)> PrimaryWritersAsync(PostgresServer primary, int timeline, string fork, CancellationToken cancellationToken)
    {
        var host = new ServerOnHost(primary);
        if (host.Host.DataDir is null)
        {
            return (null, $"site {primary.Site} has no data_dir in the plan, so its WAL after the fork cannot be read");
        }

        try
        {
            var output = await host.RunAsync(
                "pg_waldump",
                WalDumpScript.Replace("(Heap|Transaction) ", "", StringComparison.Ordinal),
                new Dictionary<string, string> { ["timeline"] = timeline.ToString(CultureInfo.InvariantCulture), ["from"] = fork },
                cancellationToken);
            var dump = WalDump.XidsOf(output);
            return dump.Records > 0 ? (dump.Xids, null) : (null, $"site {primary.Site}'s WAL from {fork} cannot be read ({dump.Error ?? "no record"})");
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }
    }

    private static async Task<NpgsqlConnection> OpenReadingAsync(PostgresServer server, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.ControlConnection()) { CommandTimeout = 300, Options = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c extra_float_digits=1" };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
