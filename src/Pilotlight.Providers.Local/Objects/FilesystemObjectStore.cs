using System.Collections.Immutable;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local.Objects;

/// <summary>
/// The <c>filesystem</c> objects provider: a directory per site, replicated one way by a <see cref="FilesystemReplicator"/>
/// in the direction its <see cref="ReplicationDirectionFile"/> records.
/// </summary>
public sealed partial class FilesystemObjectStore : IObjectStoreProvider
{
    private readonly ImmutableDictionary<string, string> _directories;
    private readonly TimeProvider _clock;

    /// <param name="directories">Site name → the directory holding that site's objects.</param>
    /// <param name="clock">Wall-clock time for the backlog's age; <see cref="TimeProvider.System"/> if null.</param>
    /// <param name="directionPath">
    /// The direction file continuous replication follows (see <see cref="ReplicationDirectionFile"/>); null for a
    /// store that only measures backlogs, whose direction cannot be told or changed.
    /// </param>
    public FilesystemObjectStore(IReadOnlyDictionary<string, string> directories, TimeProvider? clock = null, string? directionPath = null)
    {
        ArgumentNullException.ThrowIfNull(directories);
        _directories = directories.ToImmutableDictionary(StringComparer.Ordinal);
        _clock = clock ?? TimeProvider.System;
        DirectionPath = directionPath is null ? null : Path.GetFullPath(directionPath);
    }

    /// <summary>The direction file this store writes and its followers read, or null when it keeps none.</summary>
    public string? DirectionPath { get; }

    /// <summary>The sites this store has a directory for.</summary>
    public IReadOnlyCollection<string> Sites => _directories.Keys.Order(StringComparer.Ordinal).ToList();

    public Task<ObjectBacklog> GetBacklogAsync(string source, string target, CancellationToken cancellationToken) =>
        Task.Run(() => Backlog(DirectoryOf(source), DirectoryOf(target), _clock.GetUtcNow()), cancellationToken);

    /// <summary>A replicator from one site's directory to another's, its changes let through by <paramref name="gate"/> when given.</summary>
    public FilesystemReplicator Replicator(string source, string target, TimeSpan reconcileInterval, DirectionGate? gate = null) =>
        new(new FilesystemReplicatorOptions { Source = DirectoryOf(source), Target = DirectoryOf(target), ReconcileInterval = reconcileInterval, Gate = gate }, _clock);

    /// <summary>
    /// Objects not yet replicated: source files missing from the target or differing in size or mtime, plus target
    /// files no longer in the source; the age is that of the oldest pending source change (zero when none).
    /// </summary>
    public static ObjectBacklog Backlog(string source, string target, DateTimeOffset now)
    {
        var pending = 0;
        DateTime? oldest = null;
        foreach (var relative in ObjectFiles.RelativePaths(source))
        {
            var from = new FileInfo(Path.Combine(source, relative));
            if (from.Exists && !ObjectFiles.Same(from, new FileInfo(Path.Combine(target, relative))))
            {
                pending++;
                oldest = oldest is { } o && o <= from.LastWriteTimeUtc ? o : from.LastWriteTimeUtc;
            }
        }

        pending += ObjectFiles.RelativePaths(target).Count(relative => !File.Exists(Path.Combine(source, relative)));
        var age = oldest is { } at ? now.UtcDateTime - at : TimeSpan.Zero;
        return new ObjectBacklog(pending, age < TimeSpan.Zero ? TimeSpan.Zero : age);
    }

    private string DirectoryOf(string site) =>
        _directories.TryGetValue(site, out var directory)
            ? directory
            : throw new ArgumentException($"the filesystem object store has no directory for site '{site}'", nameof(site));
}
