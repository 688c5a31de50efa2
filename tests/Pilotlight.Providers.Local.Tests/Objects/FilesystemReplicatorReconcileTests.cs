using Pilotlight.Providers.Local.Objects;

namespace Pilotlight.Providers.Local.Tests.Objects;

/// <summary>One full pass over both stores.</summary>
public sealed class FilesystemReplicatorReconcileTests : IDisposable
{
    private readonly ObjectStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task ReconcileOnce_CopiesWhatDiffers_ThenNothing()
    {
        _stores.Write("a.txt", "one");
        _stores.Write(Path.Combine("n", "b.txt"), "two");

        var first = await _stores.Replicator().ReconcileOnceAsync(CancellationToken.None);
        var second = await _stores.Replicator().ReconcileOnceAsync(CancellationToken.None);

        first.ShouldBe(new ReplicationPass(Copied: 2, Deleted: 0, Deferred: 0, Failed: 0));
        second.ShouldBe(new ReplicationPass(Copied: 0, Deleted: 0, Deferred: 0, Failed: 0));
        _stores.Replicated("a.txt").ShouldBeTrue();
        _stores.Replicated(Path.Combine("n", "b.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task ReconcileOnce_DeletesFilesAndDirectoriesGoneFromTheSource()
    {
        _stores.Write("kept.txt", "kept");
        Directory.CreateDirectory(_stores.InTarget(Path.Combine("old", "deeper")));
        await File.WriteAllTextAsync(_stores.InTarget(Path.Combine("old", "deeper", "orphan.txt")), "no longer in the source");
        await File.WriteAllTextAsync(_stores.InTarget("orphan.txt"), "no longer in the source");

        var pass = await _stores.Replicator().ReconcileOnceAsync(CancellationToken.None);

        pass.ShouldBe(new ReplicationPass(Copied: 1, Deleted: 2, Deferred: 0, Failed: 0));
        Directory.EnumerateFileSystemEntries(_stores.Target).Select(Path.GetFileName).ShouldBe(["kept.txt"]);
    }

    [Fact]
    public async Task ReconcileOnce_FileJustWritten_WaitedForThenCopied()
    {
        _stores.Write("fresh.txt", "written a moment ago");

        var pass = await _stores.Replicator(quietPeriod: TimeSpan.FromMilliseconds(300)).ReconcileOnceAsync(CancellationToken.None);

        pass.ShouldBe(new ReplicationPass(Copied: 1, Deleted: 0, Deferred: 0, Failed: 0));
        _stores.Replicated("fresh.txt").ShouldBeTrue();
    }

    [Fact]
    public async Task MissingSource_Refused_CopyLeftAlone()
    {
        Directory.CreateDirectory(_stores.Target);
        await File.WriteAllTextAsync(_stores.InTarget("precious.txt"), "the only copy left");
        Directory.Delete(_stores.Source);

        await Should.ThrowAsync<DirectoryNotFoundException>(() => _stores.Replicator().ReconcileOnceAsync(CancellationToken.None));
        await Should.ThrowAsync<DirectoryNotFoundException>(() => _stores.Replicator().RunAsync(CancellationToken.None));

        File.Exists(_stores.InTarget("precious.txt")).ShouldBeTrue();
    }
}
