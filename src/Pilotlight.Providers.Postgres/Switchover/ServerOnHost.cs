using Pilotlight.Processes;
using Pilotlight.Providers.Postgres.Servers;

namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>
/// A site's server as its host sees it: control data, clean stop, start, and scripts — each through the site's
/// executor (see <see cref="HostScript"/>), or on this host for a local data directory with no executor.
/// </summary>
internal sealed class ServerOnHost(PostgresServer server)
{
    /// <summary>The caller's token bounds each step; this only keeps one without a deadline from waiting forever.</summary>
    public static readonly TimeSpan ScriptLimit = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    // pg_ctl's own exit code 3 means "no server running"; then there is nothing to stop. No cluster: no server.
    private const string StopScript =
        """
        [ -f "$data_dir/PG_VERSION" ] || exit 0
        as_owner "$bin_dir/pg_ctl" status -D "$data_dir" >/dev/null 2>&1
        [ $? = 3 ] && exit 0
        as_owner "$bin_dir/pg_ctl" stop -D "$data_dir" -m "$mode" -w -t 60 >/dev/null && exit 0
        as_owner "$bin_dir/pg_ctl" status -D "$data_dir" >/dev/null 2>&1
        [ $? = 3 ] && exit 0
        fail "pg_ctl stop -m $mode failed on $data_dir"
        """;

    public PostgresServer Server => server;

    public ServerHost Host => server.OnHost;

    public string Site => server.Site;

    /// <summary>Runs a script on the host; throws "<paramref name="what"/> failed on site …: last line" when it fails.</summary>
    public async Task<string> RunAsync(string what, string body, IReadOnlyDictionary<string, string>? variables, CancellationToken cancellationToken, string? password = null)
    {
        var result = await HostScript.RunAsync(Host, body, variables ?? new Dictionary<string, string>(), ScriptLimit, cancellationToken, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{what} failed on site {Site}'s host: {HostScript.Describe(result, ScriptLimit, password)}");
        }

        return result.Output;
    }

    public async Task<ControlData> ControlDataAsync(CancellationToken cancellationToken)
    {
        var output = await RunAsync("pg_controldata", """as_owner "$bin_dir/pg_controldata" -D "$data_dir" """, null, cancellationToken);
        return ControlData.Parse(output)
            ?? throw new InvalidOperationException($"pg_controldata on site {Site}'s host printed no cluster state for {Host.DataDir}; expected PostgreSQL's pg_controldata output");
    }

    /// <summary>A fast shutdown (clients disconnected, WAL shipped to connected standbys, shutdown checkpoint); with <paramref name="orImmediate"/>, an immediate one when that fails.</summary>
    public async Task StopAsync(bool orImmediate, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync("a fast shutdown (pg_ctl stop -m fast)", StopScript, new Dictionary<string, string> { ["mode"] = "fast" }, cancellationToken);
        }
        catch (InvalidOperationException) when (orImmediate)
        {
            await RunAsync("an immediate shutdown (pg_ctl stop -m immediate)", StopScript, new Dictionary<string, string> { ["mode"] = "immediate" }, cancellationToken);
        }
    }

    /// <summary>
    /// Starts the server (its start command through the executor, else <c>postgres -D</c> detached on this host as
    /// the data directory's owner, like a lab node) and waits until it answers; one already running is left alone.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var host = Host;
        if (await server.AskRoleAsync(cancellationToken) is ServerAnswer.Primary or ServerAnswer.Standby)
        {
            return;
        }

        ProcessRecord? launched = null;
        if (host.StartCommand is { } start)
        {
            string[] words = [.. host.Executor?.Words ?? [], .. start.Words];
            var result = await CommandRunner.RunAsync(words[0], words[1..], StartLimit, cancellationToken, workingDirectory: "/");
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"site {Site}'s start command failed: {HostScript.Describe(result, StartLimit, null)}");
            }
        }
        else if (host.IsLocal)
        {
            launched = Postmaster.Find(host.DataDir!, $"postgres {Site}") ?? await LaunchAsync(host, cancellationToken);
        }
        else
        {
            throw new InvalidOperationException($"cannot start site {Site}'s server: the plan gives no start_command and its data_dir is not on this host");
        }

        try
        {
            await Poll.UntilAsync(
                async ct =>
                {
                    if (launched is { IsAlive: false } && Postmaster.Find(host.DataDir!, $"postgres {Site}") is null)
                    {
                        throw new InvalidOperationException($"site {Site}'s server exited while starting: {LastLogLine(host)}");
                    }

                    return await server.AskRoleAsync(ct) is ServerAnswer.Primary or ServerAnswer.Standby;
                },
                StartLimit,
                $"site {Site}'s server to answer on port {server.Port}",
                cancellationToken,
                TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(host.IsLocal ? $"{e.Message}; last log line: {LastLogLine(host)}" : e.Message, e);
        }
    }

    /// <summary>As <see cref="PostgresNode"/> launches: detached, as the data directory's owner, in the site's namespace, tracked by postmaster.pid.</summary>
    private static async Task<ProcessRecord> LaunchAsync(ServerHost host, CancellationToken cancellationToken)
    {
        var dataDir = host.DataDir!;
        string? user = null;
        if (ProcessLauncher.IsRoot)
        {
            var owner = await CommandRunner.RunAsync("stat", ["-c", "%U", dataDir], TimeSpan.FromSeconds(5), cancellationToken);
            user = owner.Succeeded ? owner.Output.Trim() : throw new InvalidOperationException($"cannot start site {host.Site}'s server: stat {dataDir}: {owner.LastLine}");
        }

        var siteDirectory = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDir)))!;
        return ProcessLauncher.StartDetached(new ProcessSpec
        {
            Name = $"postgres {host.Site}",
            FileName = Path.Combine(host.BinDir, "postgres"),
            Arguments = ["-D", dataDir],
            LogPath = host.LogFile ?? Path.Combine(siteDirectory, "postgres.log"),
            RunAsUser = user is "root" ? null : user,
            NetworkNamespace = host.NetworkNamespace,
            WorkingDirectory = siteDirectory,
        });
    }

    private static string LastLogLine(ServerHost host)
    {
        try
        {
            return host.LogFile is { } log && File.Exists(log)
                ? File.ReadLines(log).LastOrDefault(l => l.Trim().Length > 0) ?? "(log empty)"
                : "(no log)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(no log at {host.LogFile})";
        }
    }
}
