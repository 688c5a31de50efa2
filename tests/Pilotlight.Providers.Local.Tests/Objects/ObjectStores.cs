using Pilotlight.Processes;
using Pilotlight.Providers.Local.Objects;

namespace Pilotlight.Providers.Local.Tests.Objects;

/// <summary>A source and a target store in a temp directory of their own, deleted on dispose.</summary>
internal sealed class ObjectStores : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pilotlight-objects-{Guid.NewGuid():N}");

    public ObjectStores()
    {
        Directory.CreateDirectory(Source);
    }

    public string Source => Path.Combine(_root, "a");

    public string Target => Path.Combine(_root, "b");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    public FilesystemReplicator Replicator(TimeSpan? quietPeriod = null) => new(new FilesystemReplicatorOptions
    {
        Source = Source,
        Target = Target,
        ReconcileInterval = TimeSpan.FromSeconds(30),
        QuietPeriod = quietPeriod ?? TimeSpan.FromMilliseconds(100),
    });

    public string InSource(string relative) => Path.Combine(Source, relative);

    public string InTarget(string relative) => Path.Combine(Target, relative);

    public void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(InSource(relative))!);
        File.WriteAllText(InSource(relative), text);
    }

    /// <summary>The target holds the source's bytes and mtime.</summary>
    public bool Replicated(string relative) =>
        File.Exists(InTarget(relative))
        && File.GetLastWriteTimeUtc(InTarget(relative)) == File.GetLastWriteTimeUtc(InSource(relative))
        && File.ReadAllBytes(InSource(relative)).AsSpan().SequenceEqual(File.ReadAllBytes(InTarget(relative)));

    public static Task WaitForAsync(Func<bool> condition, string what, CancellationToken cancellationToken) =>
        Poll.UntilAsync(_ => Task.FromResult(condition()), TimeSpan.FromSeconds(10), what, cancellationToken, TimeSpan.FromMilliseconds(20));
}
