using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local.Objects;

/// <summary>The <c>filesystem</c> objects provider: a directory per site.</summary>
public sealed class FilesystemObjectStore(IReadOnlyDictionary<string, string> directories, TimeProvider clock) : IObjectStoreProvider
{
    public Task<ObjectBacklog> GetBacklogAsync(string source, string target, CancellationToken cancellationToken) =>
        Task.FromResult(Backlog(directories[source], directories[target], clock.GetUtcNow()));

    /// <summary>Objects that differ between the stores, and the age of the oldest such change.</summary>
    public static ObjectBacklog Backlog(string source, string target, DateTimeOffset now)
    {
        var pending = 0;
        DateTime? oldest = null;
        foreach (var relative in ObjectFiles.RelativePaths(source))
        {
            var from = new FileInfo(Path.Combine(source, relative));
            if (!ObjectFiles.Same(from, new FileInfo(Path.Combine(target, relative))))
            {
                pending++;
                oldest = oldest is null || from.LastWriteTimeUtc < oldest ? from.LastWriteTimeUtc : oldest;
            }
        }

        foreach (var relative in ObjectFiles.RelativePaths(target))
        {
            if (!File.Exists(Path.Combine(source, relative)))
            {
                pending++;
            }
        }

        var age = oldest is { } at ? now.UtcDateTime - at : TimeSpan.Zero;
        return new ObjectBacklog(pending, age < TimeSpan.Zero ? TimeSpan.Zero : age);
    }
}
