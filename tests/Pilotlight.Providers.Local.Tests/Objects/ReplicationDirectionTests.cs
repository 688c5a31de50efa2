using Pilotlight.Core.Providers;
using Pilotlight.Core.State;
using Pilotlight.Providers.Local.Objects;

namespace Pilotlight.Providers.Local.Tests.Objects;

/// <summary>The filesystem store's replication direction on real directories: recorded, reversed, followed, refused when damaged.</summary>
public sealed class ReplicationDirectionTests : IDisposable
{
    private static readonly string[] Sites = ["a", "b"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pilotlight-direction-{Guid.NewGuid():N}");

    public ReplicationDirectionTests()
    {
        Directory.CreateDirectory(Store("a"));
        Directory.CreateDirectory(Store("b"));
    }

    private string DirectionPath => Path.Combine(_root, "state", ReplicationDirectionFile.FileName);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task ReplicateAsync_BToA_FilesWrittenInBAppearInA_DirectionReadsBToA_AndAgainIsANoOp()
    {
        var store = NewStore();
        Write("a", "only-in-a.txt", "the old primary's");
        Write("b", Path.Combine("products", "SKU-9.png"), "written in b after a failover");
        (await store.GetDirectionAsync(CancellationToken.None)).ShouldBeNull();

        await store.ReplicateAsync("b", "a", CancellationToken.None);

        File.ReadAllText(Path.Combine(Store("a"), "products", "SKU-9.png")).ShouldBe("written in b after a failover");
        File.Exists(Path.Combine(Store("a"), "only-in-a.txt")).ShouldBeFalse();
        (await store.GetDirectionAsync(CancellationToken.None)).ShouldBe(new ReplicationDirection("b", "a"));
        (await store.GetBacklogAsync("b", "a", CancellationToken.None)).PendingObjects.ShouldBe(0);

        var written = File.GetLastWriteTimeUtc(DirectionPath);
        await store.ReplicateAsync("b", "a", CancellationToken.None);
        File.GetLastWriteTimeUtc(DirectionPath).ShouldBe(written);
        (await NewStore().GetDirectionAsync(CancellationToken.None)).ShouldBe(new ReplicationDirection("b", "a"));
        // No temp file left; the lock file the reversal took stays (an flock on it is released with its descriptor).
        Directory.EnumerateFiles(Path.GetDirectoryName(DirectionPath)!).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe([ReplicationDirectionFile.FileName, Path.GetFileName(DirectionGate.LockPath(DirectionPath))]);
    }

    [Fact]
    public async Task ReplicateAsync_UnknownSiteOrItself_RefusedWithoutWritingADirection()
    {
        var store = NewStore();

        (await Should.ThrowAsync<ArgumentException>(() => store.ReplicateAsync("b", "c", CancellationToken.None))).Message.ShouldContain("'c'");
        (await Should.ThrowAsync<ArgumentException>(() => store.ReplicateAsync("b", "b", CancellationToken.None))).Message.ShouldContain("to itself");
        File.Exists(DirectionPath).ShouldBeFalse();
    }

    [Theory]
    [InlineData("{\"Source\":\"b\",\"Targ", "truncated JSON")]
    [InlineData("{\"Source\":\"b\",\"Target\":\"c\",\"Updated\":\"2026-01-01T00:00:00Z\"}", "Target is \"c\", not a site of the store (a, b)")]
    [InlineData("{\"Source\":\"a\",\"Target\":\"a\",\"Updated\":\"2026-01-01T00:00:00Z\"}", "Source and Target are both \"a\"")]
    [InlineData("{\"Source\":\"a\",\"Target\":\"b\"}", "Updated is missing")]
    [InlineData("", "empty")]
    public async Task GetDirectionAsync_DamagedFile_RefusedWithOneLineNamingIt(string content, string why)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DirectionPath)!);
        await File.WriteAllTextAsync(DirectionPath, content);

        var damaged = await Should.ThrowAsync<DamagedStateException>(() => NewStore().GetDirectionAsync(CancellationToken.None));

        damaged.Path.ShouldBe(DirectionPath);
        damaged.Message.ShouldStartWith($"{DirectionPath}: not an objects replication direction (");
        damaged.Message.ShouldContain(why);
        damaged.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task ReplicateAsync_OverADamagedFile_RecordsTheGivenDirection()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DirectionPath)!);
        await File.WriteAllTextAsync(DirectionPath, "not json");

        await NewStore().ReplicateAsync("a", "b", CancellationToken.None);

        (await NewStore().GetDirectionAsync(CancellationToken.None)).ShouldBe(new ReplicationDirection("a", "b"));
    }

    [Fact]
    public async Task Followers_OneInEachSite_CopyTheRecordedWay_AndSwitchWhenItIsReversed()
    {
        var store = NewStore();
        ReplicationDirectionFile.Save(DirectionPath, new("a", "b"), DateTimeOffset.UtcNow);
        var reports = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var followers = Sites.Select(site => new DirectionFollower(store, site, () => new("a", "b"), TimeSpan.FromSeconds(30), reports.Enqueue).RunAsync(stop.Token)).ToList();
        try
        {
            Write("a", "first.txt", "from a");
            await WaitForAsync(() => File.Exists(Path.Combine(Store("b"), "first.txt")), "first.txt copied a->b");

            await store.ReplicateAsync("b", "a", CancellationToken.None);
            Write("b", "second.txt", "from b");
            await WaitForAsync(() => File.Exists(Path.Combine(Store("a"), "second.txt")), "second.txt copied b->a");

            // Not copied back: were the follower in b still replicating a->b, its watcher would copy this within a
            // quiet period (and its reconciliation would delete what only b has). Absence has no event to wait on.
            Write("a", "stray.txt", "written in a, now the copy");
            await Task.Delay(TimeSpan.FromSeconds(1));
            File.Exists(Path.Combine(Store("b"), "stray.txt")).ShouldBeFalse();
            reports.ShouldContain("replicating objects b->a");
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var follower in followers)
            {
                await Should.ThrowAsync<OperationCanceledException>(() => follower);
            }
        }
    }

    [Fact]
    public async Task Reversed_WhileTheOldTargetsReplicatorPassesContinuously_AFileWrittenInTheNewSourceIsNeverDeletedAndReachesTheNewTarget()
    {
        // The follower in b replicates a->b with a full pass every 5 ms: before it notices the reversal (up to one
        // poll, longer on a busy machine) such a pass would delete from b what a lacks — the new primary's objects.
        var store = NewStore();
        ReplicationDirectionFile.Save(DirectionPath, new("a", "b"), DateTimeOffset.UtcNow);
        var reports = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var followers = Sites.Select(site => new DirectionFollower(store, site, () => new("a", "b"), TimeSpan.FromMilliseconds(5), reports.Enqueue).RunAsync(stop.Token)).ToList();
        try
        {
            await WaitForAsync(() => reports.Contains("replicating objects a->b"), "the follower in b to replicate a->b");
            var names = new List<string>();
            for (var round = 0; round < 5; round++)
            {
                var (source, target) = round % 2 == 0 ? ("b", "a") : ("a", "b");
                await store.ReplicateAsync(source, target, CancellationToken.None);
                var name = $"written-in-{source}-{round}.txt";
                Write(source, name, $"round {round}");
                names.Add(name);
                await Task.Delay(DirectionFollower.PollInterval * 2);
                File.Exists(Path.Combine(Store(source), name)).ShouldBeTrue($"{name}, written in {source} after the reversal to {source}->{target}, was deleted by the replicator of the old direction");
                await WaitForAsync(() => File.Exists(Path.Combine(Store(target), name)), $"{name} copied {source}->{target}");
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var follower in followers)
            {
                await Should.ThrowAsync<OperationCanceledException>(() => follower);
            }
        }
    }

    [Fact]
    public async Task Follower_DamagedFile_ReplicatesNothingAndSaysWhyOnce()
    {
        var store = NewStore();
        Directory.CreateDirectory(Path.GetDirectoryName(DirectionPath)!);
        await File.WriteAllTextAsync(DirectionPath, "{");
        Write("a", "kept.txt", "not copied while the direction is unknown");
        var reports = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var follower = new DirectionFollower(store, "b", () => new("a", "b"), TimeSpan.FromSeconds(30), reports.Enqueue).RunAsync(stop.Token);
        try
        {
            await WaitForAsync(() => !reports.IsEmpty, "the follower to report");
            await Task.Delay(DirectionFollower.PollInterval * 3);

            reports.ShouldHaveSingleItem().ShouldStartWith($"{DirectionPath}: not an objects replication direction (truncated JSON");
            File.Exists(Path.Combine(Store("b"), "kept.txt")).ShouldBeFalse();
        }
        finally
        {
            await stop.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(() => follower);
        }
    }

    private FilesystemObjectStore NewStore() => new(new Dictionary<string, string> { ["a"] = Store("a"), ["b"] = Store("b") }, directionPath: DirectionPath);

    private string Store(string site) => Path.Combine(_root, "objects", site);

    private void Write(string site, string relative, string text)
    {
        var path = Path.Combine(Store(site), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static Task WaitForAsync(Func<bool> condition, string what) =>
        Pilotlight.Processes.Poll.UntilAsync(_ => Task.FromResult(condition()), TimeSpan.FromSeconds(10), what, CancellationToken.None, TimeSpan.FromMilliseconds(20));
}
