using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Pilotlight.Core.Providers;
using Pilotlight.Processes;
using Pilotlight.Providers.Postgres.Clones;
using Pilotlight.Providers.Postgres.Servers;
using Pilotlight.Providers.Postgres.Switchover;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresDatabaseProvider : IDatabaseClone
{
    private static readonly TimeSpan CloneStartLimit = TimeSpan.FromSeconds(300);

    private static readonly TimeSpan CloneFastStopLimit = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A writable copy of <paramref name="site"/>'s database as of now, in <c>&lt;data_dir&gt;.drill-&lt;name&gt;</c> on the
    /// site's host: <c>pg_basebackup -X stream -c fast</c> from the site's own server (its standby, usually) through a
    /// temporary slot that is gone once the copy is, then started with <c>pg_ctl</c> on <paramref name="port"/> (in the
    /// site's network namespace) with no signal file, so that it ends recovery and takes writes by itself — or is
    /// promoted if it comes up in recovery. It never replicates from or to production: no primary_conninfo, slot,
    /// archiving or synchronous standby is left in it. Its log is <c>&lt;data_dir&gt;.drill-&lt;name&gt;.log</c>. A clone of
    /// that name already running is returned as it is (on the port it has); a half-made one is removed and made again.
    /// </summary>
    public async Task<DatabaseClone> CloneAsync(string site, string name, int port, CancellationToken cancellationToken)
    {
        CheckCloneName(name);
        var server = Server(site);
        if (port is < 1 or > 65535 || port == server.Port)
        {
            throw new ArgumentException($"clone {name} of site {site}'s database needs a port of its own: {port} is not one; expected 1 to 65535, not the site's port {server.Port}", nameof(port));
        }

        var host = new ServerOnHost(server);
        var directory = CloneDirectory(server, name);
        var state = await host.RunAsync($"looking for clone {name}", CloneScripts.Inspect, CloneVariables(name), cancellationToken);
        var lines = state.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.FirstOrDefault() == "running" && Value(lines, "port") is { } runningPort && int.TryParse(runningPort, NumberStyles.None, CultureInfo.InvariantCulture, out var existing)
            && await AcceptsWritesAsync(server, existing, cancellationToken))
        {
            return new DatabaseClone(site, name, server.Host, existing, directory) { Lsn = Value(lines, "lsn") };
        }

        if (lines.FirstOrDefault() != "absent")
        {
            await RemoveCloneAsync(host, name, cancellationToken);
        }

        try
        {
            var login = server.Login();
            var variables = CloneVariables(name);
            variables["source"] = login.Conninfo(applicationName: $"pilotlight-drill-{name}");
            variables["overrides"] = CloneSettings(site, name, port, directory);
            variables["netns"] = host.Host.IsLocal ? host.Host.NetworkNamespace ?? "" : "";
            variables["start_seconds"] = CloneStartLimit.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            var made = await host.RunAsync($"making clone {name} of site {site}'s database", CloneScripts.Make, variables, cancellationToken, login.Password);
            var lsn = Value(made.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), "lsn");
            await RequireWritableAsync(server, name, port, cancellationToken);

            var marker = CloneVariables(name);
            marker["marker"] = string.Create(CultureInfo.InvariantCulture, $"port={port}\nlsn={lsn}\n");
            await host.RunAsync($"marking clone {name} ready", CloneScripts.Mark, marker, cancellationToken);
            return new DatabaseClone(site, name, server.Host, port, directory) { Lsn = lsn };
        }
        catch (Exception e) when (e is InvalidOperationException or PasswordUnavailableException or NpgsqlException or TimeoutException)
        {
            // A half-made clone would only be removed by the next attempt: it goes now, unless the caller gave up.
            if (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await RemoveCloneAsync(host, name, cancellationToken);
                }
                catch (InvalidOperationException)
                {
                    // The first failure is the one to report; the next CloneAsync or DropCloneAsync tries again.
                }
            }

            throw;
        }
    }

    /// <summary>
    /// Stops clone <paramref name="name"/> (<c>pg_ctl stop -m fast</c>, immediate after 20 s) and deletes
    /// exactly <c>&lt;data_dir&gt;.drill-&lt;name&gt;</c> and its log; nothing to do when there is none.
    /// </summary>
    public async Task DropCloneAsync(string site, string name, CancellationToken cancellationToken)
    {
        CheckCloneName(name);
        await RemoveCloneAsync(new ServerOnHost(Server(site)), name, cancellationToken);
    }

    /// <summary>The site's <c>drill_port</c> from the plan; null when it gives none (or for lab nodes built directly).</summary>
    public int? ClonePort(string site) => Server(site).DrillPort;

    /// <summary>Letters, digits and dashes (not first), at most 63: it becomes part of a directory name.</summary>
    internal static void CheckCloneName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!CloneName().IsMatch(name))
        {
            throw new ArgumentException($"clone name '{name}' is not valid; expected 1 to 63 letters, digits and dashes, not starting with a dash", nameof(name));
        }
    }

    private static string CloneDirectory(PostgresServer server, string name)
    {
        var dataDir = server.OnHost.DataDir ?? throw new InvalidOperationException($"cannot clone site {server.Site}'s database: the plan gives no data_dir for it");
        return $"{Path.TrimEndingDirectorySeparator(dataDir)}.drill-{name}";
    }

    private static Dictionary<string, string> CloneVariables(string name) => new()
    {
        ["name"] = name,
        ["fast_seconds"] = CloneFastStopLimit.TotalSeconds.ToString("0", CultureInfo.InvariantCulture),
    };

    private static async Task RemoveCloneAsync(ServerOnHost host, string name, CancellationToken cancellationToken) =>
        await host.RunAsync($"dropping clone {name}", CloneScripts.Remove, CloneVariables(name), cancellationToken);

    // Appended to the copy's postgresql.auto.conf: later lines win over what the standby's files bring. The socket
    // directory is the clone's own (it exists and its owner writes there) unless its path is too long for a socket.
    // fsync off: the clone is deleted after the drill, an OS crash may lose it whole.
    private static string CloneSettings(string site, string name, int port, string directory) => string.Create(CultureInfo.InvariantCulture, $"""

        # Pilotlight: isolated drill clone {name} of site {site}'s database, {DateTimeOffset.UtcNow:O}
        port = {port}
        unix_socket_directories = {Literal(directory.Length <= 90 ? directory : "")}
        cluster_name = {Literal($"{site}-drill-{name}")}
        primary_conninfo = ''
        primary_slot_name = ''
        restore_command = ''
        archive_mode = off
        archive_command = ''
        synchronous_standby_names = ''
        default_transaction_read_only = off
        fsync = off

        """);

    /// <summary>Waits for the clone to answer, promotes it if it is in recovery, and proves it takes a write.</summary>
    private static async Task RequireWritableAsync(PostgresServer server, string name, int port, CancellationToken cancellationToken)
    {
        var connection = CloneConnection(server, port);
        try
        {
            await Poll.UntilAsync(
                async ct =>
                {
                    await using var open = new NpgsqlConnection(connection);
                    await open.OpenAsync(ct);
                    await using var recovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", open);
                    if ((bool)(await recovery.ExecuteScalarAsync(ct))!)
                    {
                        await using var promote = new NpgsqlCommand("SELECT pg_promote(true, 60)", open) { CommandTimeout = 70 };
                        await promote.ExecuteScalarAsync(ct);
                        return false;
                    }

                    return true;
                },
                TimeSpan.FromSeconds(60),
                $"clone {name} of site {server.Site}'s database to leave recovery on port {port}",
                cancellationToken,
                TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }

        if (!await AcceptsWritesAsync(server, port, cancellationToken))
        {
            throw new InvalidOperationException($"clone {name} of site {server.Site}'s database answers on port {port} but takes no write (read-only or in recovery)");
        }
    }

    /// <summary>Out of recovery, not read-only, and a transaction id can be assigned.</summary>
    private static async Task<bool> AcceptsWritesAsync(PostgresServer server, int port, CancellationToken cancellationToken)
    {
        try
        {
            await using var open = new NpgsqlConnection(CloneConnection(server, port));
            await open.OpenAsync(cancellationToken);
            await using var check = new NpgsqlCommand("SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' AND txid_current() > 0", open);
            return (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string CloneConnection(PostgresServer server, int port) =>
        new NpgsqlConnectionStringBuilder(server.ControlConnection()) { Port = port }.ConnectionString;

    private static string? Value(IEnumerable<string> lines, string key) =>
        lines.FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal)) is { } line && line.Length > key.Length + 1 ? line[(key.Length + 1)..] : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$")]
    private static partial Regex CloneName();
}
