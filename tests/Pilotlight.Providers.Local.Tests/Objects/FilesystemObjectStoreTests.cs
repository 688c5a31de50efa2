using Pilotlight.Providers.Local.Objects;

namespace Pilotlight.Providers.Local.Tests.Objects;

/// <summary>The replication backlog between two real directories, at a fixed instant.</summary>
public sealed class FilesystemObjectStoreTests : IDisposable
{
    private static readonly DateTime Written = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    private readonly ObjectStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task Backlog_PendingFileAndOrphan_CountedWithTheFileAge_ThenZeroAfterSync()
    {
        _stores.Write("pending.txt", "x");
        File.SetLastWriteTimeUtc(_stores.InSource("pending.txt"), Written);
        Directory.CreateDirectory(_stores.Target);
        await File.WriteAllTextAsync(_stores.InTarget("orphan.txt"), "gone from the source");

        var before = FilesystemObjectStore.Backlog(_stores.Source, _stores.Target, new DateTimeOffset(Written).AddSeconds(42));
        await _stores.Replicator().ReconcileOnceAsync(CancellationToken.None);
        var after = FilesystemObjectStore.Backlog(_stores.Source, _stores.Target, new DateTimeOffset(Written).AddSeconds(43));

        before.ShouldBe(new(PendingObjects: 2, OldestPendingAge: TimeSpan.FromSeconds(42)));
        after.ShouldBe(new(PendingObjects: 0, OldestPendingAge: TimeSpan.Zero));
        File.GetLastWriteTimeUtc(_stores.InTarget("pending.txt")).ShouldBe(Written);
    }

    [Fact]
    public async Task Backlog_CopyDiffersInSizeOrMtime_PendingWithTheOldestAge()
    {
        _stores.Write("a.txt", "aaaa");
        _stores.Write(Path.Combine("n", "b.txt"), "bbbb");
        File.SetLastWriteTimeUtc(_stores.InSource("a.txt"), Written);
        File.SetLastWriteTimeUtc(_stores.InSource(Path.Combine("n", "b.txt")), Written);
        await _stores.Replicator().ReconcileOnceAsync(CancellationToken.None);

        _stores.Write("a.txt", "longer");
        File.SetLastWriteTimeUtc(_stores.InSource("a.txt"), Written.AddMinutes(1));
        File.SetLastWriteTimeUtc(_stores.InSource(Path.Combine("n", "b.txt")), Written.AddMinutes(2));

        FilesystemObjectStore.Backlog(_stores.Source, _stores.Target, new DateTimeOffset(Written).AddMinutes(5))
            .ShouldBe(new(PendingObjects: 2, OldestPendingAge: TimeSpan.FromMinutes(4)));
    }

    [Fact]
    public async Task GetBacklog_BySite_AtTheClocksTime()
    {
        _stores.Write("pending.txt", "x");
        File.SetLastWriteTimeUtc(_stores.InSource("pending.txt"), Written);
        var store = new FilesystemObjectStore(new Dictionary<string, string> { ["a"] = _stores.Source, ["b"] = _stores.Target }, new FixedClock(new DateTimeOffset(Written).AddSeconds(7)));

        (await store.GetBacklogAsync("a", "b", CancellationToken.None)).ShouldBe(new(PendingObjects: 1, OldestPendingAge: TimeSpan.FromSeconds(7)));
        (await store.GetBacklogAsync("b", "a", CancellationToken.None)).ShouldBe(new(PendingObjects: 1, OldestPendingAge: TimeSpan.Zero));
        await Should.ThrowAsync<ArgumentException>(() => store.GetBacklogAsync("a", "c", CancellationToken.None));
    }

    [Fact]
    public void Backlog_NoTargetYet_EverythingPending()
    {
        _stores.Write("one.txt", "1");
        File.SetLastWriteTimeUtc(_stores.InSource("one.txt"), Written);

        FilesystemObjectStore.Backlog(_stores.Source, _stores.Target, new DateTimeOffset(Written).AddHours(1))
            .ShouldBe(new(PendingObjects: 1, OldestPendingAge: TimeSpan.FromHours(1)));
    }
}
