using Pilotlight.Core.Providers;
using Pilotlight.Core.State;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Local.Objects;

/// <summary>
/// Lets a replicator change its target only while the direction it was started for is still the recorded one. Each
/// change (a copy published, a file or directory deleted) is made under a shared lock beside the direction file,
/// after reading the direction; a reversal writes the file under the exclusive lock. So once a reversal has been
/// recorded, no replicator of the old direction changes anything: without this, the old target's replicator could
/// delete, in its next pass, what the new primary wrote there before it noticed the reversal.
/// </summary>
public sealed class DirectionGate
{
    // A change under the shared lock is one rename or unlink; a reversal under the exclusive one writes a small file.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _lockPath;
    private readonly Func<ReplicationDirection?> _recorded;

    /// <param name="directionPath">The direction file.</param>
    /// <param name="direction">The direction the replicator runs in.</param>
    /// <param name="recorded">Reads the direction now in force (may throw <see cref="DamagedStateException"/>: then nothing is changed).</param>
    public DirectionGate(string directionPath, ReplicationDirection direction, Func<ReplicationDirection?> recorded)
    {
        ArgumentNullException.ThrowIfNull(directionPath);
        _lockPath = LockPath(directionPath);
        Direction = direction;
        _recorded = recorded;
    }

    /// <summary>The direction this gate lets changes through for.</summary>
    public ReplicationDirection Direction { get; }

    /// <summary>The lock file beside a direction file.</summary>
    public static string LockPath(string directionPath) => Path.ChangeExtension(directionPath, ".lock");

    /// <summary>Holds the exclusive lock: no replicator changes its target meanwhile (for writing the direction).</summary>
    public static FileLock Reversing(string directionPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(directionPath)!);
        return FileLock.Take(LockPath(directionPath), exclusive: true, Patience);
    }

    /// <summary>Makes <paramref name="change"/> if the direction is still <see cref="Direction"/>; throws <see cref="DirectionChangedException"/> otherwise.</summary>
    public T Change<T>(Func<T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var shared = FileLock.Take(_lockPath, exclusive: false, Patience);
        ReplicationDirection? now;
        try
        {
            now = _recorded();
        }
        catch (DamagedStateException e)
        {
            throw new DirectionChangedException($"objects replication {Direction} stopped: {e.Message}");
        }

        return now == Direction ? change() : throw new DirectionChangedException($"objects replication {Direction} stopped: the direction is now {now?.ToString() ?? "unrecorded"}");
    }
}

/// <summary>A replicator's direction is no longer the recorded one: it stops without changing anything more.</summary>
public sealed class DirectionChangedException(string message) : Exception(message);
