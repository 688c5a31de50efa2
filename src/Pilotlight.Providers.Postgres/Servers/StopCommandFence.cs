using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>
/// Fences a server on another host (or one whose data directory Pilotlight does not manage) by stopping it with
/// the plan's stop command, run through the executor: <c>&lt;executor&gt; &lt;stop_command&gt;</c>. A server that
/// answers in recovery takes no write and is left alone.
/// </summary>
internal sealed class StopCommandFence(PostgresServer server, ServerCommand? executor, ServerCommand stop) : IServerFence
{
    /// <summary>The caller's token bounds the command; this only keeps a caller without a deadline from waiting forever.</summary>
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(2);

    public async Task FenceAsync(CancellationToken cancellationToken)
    {
        if (await server.AskRoleAsync(cancellationToken) == ServerAnswer.Standby)
        {
            return;
        }

        string[] words = [.. executor?.Words ?? [], .. stop.Words];
        var result = await CommandRunner.RunAsync(words[0], words[1..], CommandLimit, cancellationToken);
        var after = await server.AskRoleAsync(cancellationToken);

        // A stop command may fail because the server was down already (pg_ctl stop does): down is what it is for.
        if (!result.Succeeded && after is not (ServerAnswer.Down or ServerAnswer.Standby))
        {
            var how = result.TimedOut ? $"did not finish within {CommandLimit.TotalSeconds:0}s" : $"failed: {result.LastLine}";
            throw new InvalidOperationException($"not fenced: site {server.Site}'s stop command {how}");
        }

        if (after == ServerAnswer.Primary)
        {
            throw new InvalidOperationException($"not fenced: site {server.Site}'s server still answers as a primary after its stop command");
        }
    }

    /// <summary>Fenced when the server does not answer as a primary: nothing listens on its port, or it is in recovery.</summary>
    public async Task<bool> IsFencedAsync(CancellationToken cancellationToken) =>
        await server.AskRoleAsync(cancellationToken) is ServerAnswer.Down or ServerAnswer.Standby;
}
