using Npgsql;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresNode
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FastShutdownGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts <c>postgres -D</c> detached and returns once it accepts connections. A server already running on
    /// this data directory is waited for and returned, never started twice; a stale postmaster.pid left by a killed
    /// server is postgres's own business.
    /// </summary>
    public async Task<ProcessRecord> StartAsync(CancellationToken cancellationToken)
    {
        var server = Running ?? Launch();
        try
        {
            await Poll.UntilAsync(
                async ct =>
                {
                    if (!server.IsAlive)
                    {
                        // Another caller's server may have won the data directory's lock: then wait for that one.
                        server = Running ?? throw new InvalidOperationException($"postgres {Site} exited while starting: {LastLogLine()}");
                    }

                    return await AcceptsConnectionsAsync(ct);
                },
                StartTimeout,
                $"postgres {Site} to accept connections on port {_options.Port}",
                cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"{e.Message}; last log line: {LastLogLine()}", e);
        }

        return server;
    }

    /// <summary>Fast shutdown by PID (SIGINT), SIGKILL of the whole server after 10 s; returns when it is gone and its port is free.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Running is not { } running)
        {
            return;
        }

        // A frozen (SIGSTOP) server and its children act on no signal but SIGKILL until continued; each child leads
        // a process group of its own, so they are continued one by one.
        Signals.SendGroup(running, Signals.Cont);
        foreach (var child in ProcessTree.Descendants(running))
        {
            Signals.Send(child, Signals.Cont);
        }

        Signals.Send(running, Signals.Interrupt);
        if (!await Signals.WaitForExitAsync(running, FastShutdownGrace, cancellationToken))
        {
            Signals.SendGroup(running, Signals.Kill);
            if (!await Signals.WaitForExitAsync(running, TimeSpan.FromSeconds(10), cancellationToken))
            {
                throw new InvalidOperationException($"{running} did not exit after SIGKILL");
            }
        }

        if (_options.NetworkNamespace is null)
        {
            await Poll.UntilAsync(_ => Task.FromResult(Ports.IsFree(_options.Port)), TimeSpan.FromSeconds(10), $"port {_options.Port} to be free after stopping postgres {Site}", cancellationToken);
        }
    }

    private ProcessRecord Launch()
    {
        if (!IsInitialized)
        {
            throw new InvalidOperationException($"postgres {Site}: {_options.DataDir} holds no database cluster");
        }

        if (_options.NetworkNamespace is null && !Ports.IsFree(_options.Port))
        {
            var owner = Ports.Owner(_options.Port);
            throw new InvalidOperationException($"port {_options.Port} is in use{(owner is null ? "" : $" by {owner}")}; postgres {Site} cannot start on it");
        }

        return ProcessLauncher.StartDetached(new ProcessSpec
        {
            Name = $"postgres {Site}",
            FileName = Path.Combine(_options.BinDir, "postgres"),
            Arguments = ["-D", _options.DataDir],
            LogPath = _options.LogPath,
            RunAsUser = _options.RunAsUser,
            NetworkNamespace = _options.NetworkNamespace,
            WorkingDirectory = SiteDirectory,
        });
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Connection("postgres", pooling: false));
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private string LastLogLine()
    {
        try
        {
            return File.ReadLines(_options.LogPath).LastOrDefault(l => l.Trim().Length > 0) ?? "(empty log)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(no log at {_options.LogPath})";
        }
    }
}
