using Pilotlight.Processes;
using Pilotlight.Providers.Postgres.Servers;

namespace Pilotlight.Providers.Postgres;

public sealed partial class PostgresNode
{
    private DataDirectoryFence LocalFence => new(_options.DataDir, $"postgres {Site}", () => Connection("postgres", pooling: false));

    /// <summary>True when Pilotlight fenced this server (its standby.signal says so): an old primary, not a replica.</summary>
    public bool IsFenceMarked => LocalFence.IsFenceMarked;

    /// <summary>
    /// A fence that holds against every client, through the server's host rather than through SQL: see
    /// <see cref="DataDirectoryFence"/>. Works on a frozen or partitioned server whose host this is; fails, saying
    /// so, when the data directory is not here.
    /// </summary>
    public Task FenceAsync(CancellationToken cancellationToken) => LocalFence.FenceAsync(cancellationToken);

    /// <summary>
    /// True only when the server provably takes no write: it is down with <c>standby.signal</c> in place (a restart
    /// comes back in recovery), or it answers in recovery. A frozen or unanswering primary is not fenced.
    /// </summary>
    public Task<bool> IsFencedAsync(CancellationToken cancellationToken) => LocalFence.IsFencedAsync(cancellationToken);

    /// <summary>The PIDs a server process record names, for tests and status: the postmaster and its children.</summary>
    public IReadOnlyList<ProcessRecord> ServerProcesses() =>
        Running is { } postmaster ? [postmaster, .. ProcessTree.Descendants(postmaster)] : [];
}
