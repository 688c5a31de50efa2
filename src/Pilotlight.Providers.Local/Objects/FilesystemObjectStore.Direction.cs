using Pilotlight.Core.Providers;
using Pilotlight.Core.State;

namespace Pilotlight.Providers.Local.Objects;

/// <summary>Which way the store replicates: recorded in its direction file, changed by <see cref="ReplicateAsync"/>.</summary>
public sealed partial class FilesystemObjectStore
{
    /// <summary>
    /// Records <paramref name="source"/>→<paramref name="target"/> in the direction file (no replicator of the old
    /// direction changes anything after that: see <see cref="DirectionGate"/>; its followers switch within
    /// <see cref="DirectionFollower.PollInterval"/>), then makes the target equal to the source in one full pass and
    /// proves that every object the source held when called is in the target; throws <see cref="IOException"/>
    /// saying how many are not. Idempotent: the direction file is rewritten only when it says otherwise.
    /// </summary>
    public async Task ReplicateAsync(string source, string target, CancellationToken cancellationToken)
    {
        var from = DirectoryOf(source);
        var to = DirectoryOf(target);
        if (source == target)
        {
            throw new ArgumentException($"objects cannot replicate from site '{source}' to itself; expected two different sites of the store ({string.Join(", ", Sites)})", nameof(target));
        }

        var path = DirectionPath ?? throw new InvalidOperationException($"this filesystem object store ({from}, {to}) keeps no direction file: its replication direction cannot be changed");
        var direction = new ReplicationDirection(source, target);
        await Task.Run(
            () =>
            {
                // First, under the exclusive lock: once written, no replicator of the old direction changes anything
                // (each checks the direction under the shared lock before it does), whatever the pass below finds.
                using var reversing = DirectionGate.Reversing(path);
                if (RecordedOrDamaged(path) != direction)
                {
                    ReplicationDirectionFile.Save(path, direction, _clock.GetUtcNow());
                }
            },
            cancellationToken);

        var held = await Task.Run(() => Snapshot(from), cancellationToken);
        ReplicationPass pass;
        try
        {
            var gate = new DirectionGate(path, direction, ReadDirection);
            pass = await new FilesystemReplicator(new FilesystemReplicatorOptions { Source = from, Target = to, Gate = gate }, _clock).ReconcileOnceAsync(cancellationToken);
        }
        catch (DirectionChangedException e)
        {
            throw new IOException($"{e.Message} (reversed again while this pass ran); expected one direction at a time — call it again");
        }

        var pending = held.Count(file => Unchanged(from, file) && !ObjectFiles.Same(new FileInfo(Path.Combine(from, file.Key)), new FileInfo(Path.Combine(to, file.Key))));
        if (pending > 0)
        {
            throw new IOException($"objects replication {direction} did not drain: {pending} of the {held.Count} object(s) in {from} are not in {to} after a full pass ({pass.Failed} could not be copied, {pass.Deferred} still being written); expected none pending — call it again");
        }
    }

    /// <summary>The recorded direction, or null when none was written (or the store keeps no direction file); a damaged file throws <see cref="DamagedStateException"/>.</summary>
    public Task<ReplicationDirection?> GetDirectionAsync(CancellationToken cancellationToken) =>
        Task.Run(ReadDirection, cancellationToken);

    /// <summary>The same, at once: what a follower reads every poll.</summary>
    public ReplicationDirection? ReadDirection() => DirectionPath is { } path ? ReplicationDirectionFile.Load(path, Sites) : null;

    // A damaged file is replaced, not read: the caller states the whole direction, and nothing of the old file is kept.
    private ReplicationDirection? RecordedOrDamaged(string path)
    {
        try
        {
            return ReplicationDirectionFile.Load(path, Sites);
        }
        catch (DamagedStateException)
        {
            return null;
        }
    }

    // What the source holds now; a file changed or deleted after this is newer than the call, and not waited for.
    private static Dictionary<string, (long Length, DateTime Written)> Snapshot(string root) =>
        ObjectFiles.RelativePaths(root)
            .Select(relative => (relative, file: new FileInfo(Path.Combine(root, relative))))
            .Where(f => f.file.Exists)
            .ToDictionary(f => f.relative, f => (f.file.Length, f.file.LastWriteTimeUtc), StringComparer.Ordinal);

    private static bool Unchanged(string root, KeyValuePair<string, (long Length, DateTime Written)> held)
    {
        var now = new FileInfo(Path.Combine(root, held.Key));
        return now.Exists && now.Length == held.Value.Length && now.LastWriteTimeUtc == held.Value.Written;
    }
}
