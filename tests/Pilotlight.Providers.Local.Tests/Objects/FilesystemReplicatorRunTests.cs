namespace Pilotlight.Providers.Local.Tests.Objects;

/// <summary>Continuous replication on a real filesystem: the watcher, the reconciliation at start, and files in the middle of being written.</summary>
public sealed class FilesystemReplicatorRunTests : IDisposable
{
    private readonly ObjectStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task Run_NewFiles_AppearByteIdenticalWithTheirMtime()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var running = new RunningReplicator(_stores.Replicator());
        var big = new byte[5 * 1024 * 1024];
        Random.Shared.NextBytes(big);

        await File.WriteAllBytesAsync(_stores.InSource("big.bin"), big, timeout.Token);
        _stores.Write(Path.Combine("products", "deep", "x.json"), "{\"sku\": 1}");
        _stores.Write("empty.txt", "");

        await ObjectStores.WaitForAsync(
            () => _stores.Replicated("big.bin") && _stores.Replicated(Path.Combine("products", "deep", "x.json")) && _stores.Replicated("empty.txt"),
            "three new files replicated",
            timeout.Token);
        Directory.EnumerateFiles(_stores.Target, "*", SearchOption.AllDirectories).Count().ShouldBe(3);
    }

    [Fact]
    public async Task Run_ChangedFile_CopiedAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var running = new RunningReplicator(_stores.Replicator());
        _stores.Write("price.txt", "100");
        await ObjectStores.WaitForAsync(() => _stores.Replicated("price.txt"), "the first version replicated", timeout.Token);

        _stores.Write("price.txt", "250"); // same size, new content
        await ObjectStores.WaitForAsync(() => _stores.Replicated("price.txt"), "the same-size change replicated", timeout.Token);
        _stores.Write("price.txt", "1000, and longer");
        await ObjectStores.WaitForAsync(() => _stores.Replicated("price.txt"), "the longer change replicated", timeout.Token);
    }

    [Fact]
    public async Task Run_RenamesAndDeletesOfFilesAndDirectories_Propagate()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var running = new RunningReplicator(_stores.Replicator());
        _stores.Write("old.txt", "renamed soon");
        _stores.Write("gone.txt", "deleted soon");
        _stores.Write(Path.Combine("dir", "sub", "inner.txt"), "moved with its directory");
        _stores.Write(Path.Combine("trash", "t.txt"), "deleted with its directory");
        await ObjectStores.WaitForAsync(() => Directory.Exists(_stores.Target) && Directory.EnumerateFiles(_stores.Target, "*", SearchOption.AllDirectories).Count() == 4, "four files replicated", timeout.Token);

        File.Move(_stores.InSource("old.txt"), _stores.InSource("new.txt"));
        File.Delete(_stores.InSource("gone.txt"));
        Directory.Move(_stores.InSource("dir"), _stores.InSource("moved"));
        Directory.Delete(_stores.InSource("trash"), recursive: true);

        await ObjectStores.WaitForAsync(
            () => _stores.Replicated("new.txt") && _stores.Replicated(Path.Combine("moved", "sub", "inner.txt"))
                && !File.Exists(_stores.InTarget("old.txt")) && !File.Exists(_stores.InTarget("gone.txt"))
                && !Directory.Exists(_stores.InTarget("dir")) && !Directory.Exists(_stores.InTarget("trash")),
            "renames and deletes propagated",
            timeout.Token);
        Directory.EnumerateFiles(_stores.Target, "*", SearchOption.AllDirectories).Count().ShouldBe(2);
    }

    [Fact]
    public async Task Run_ChangesWhileStopped_ReplicatedAtRestart()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _stores.Write("kept.txt", "v1");
        _stores.Write("deleted.txt", "soon gone");
        await using (new RunningReplicator(_stores.Replicator()))
        {
            await ObjectStores.WaitForAsync(() => _stores.Replicated("kept.txt") && _stores.Replicated("deleted.txt"), "the first files replicated", timeout.Token);
        }

        _stores.Write("kept.txt", "v2, written while no replicator ran");
        _stores.Write(Path.Combine("new", "while-down.txt"), "also written while down");
        File.Delete(_stores.InSource("deleted.txt"));

        await using (new RunningReplicator(_stores.Replicator()))
        {
            await ObjectStores.WaitForAsync(
                () => _stores.Replicated("kept.txt") && _stores.Replicated(Path.Combine("new", "while-down.txt")) && !File.Exists(_stores.InTarget("deleted.txt")),
                "the reconciliation at start caught up",
                timeout.Token);
        }
    }

    [Fact]
    public async Task Run_FileStillBeingAppended_NotPublishedUntilItHoldsStill()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        const int chunk = 4096;
        await using var running = new RunningReplicator(_stores.Replicator(quietPeriod: TimeSpan.FromSeconds(1)));
        var path = _stores.InSource("growing.log");
        var seenWhileWriting = new List<int>();
        var torn = new List<int>();
        await using (var writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
        {
            for (var i = 0; i < 50; i++)
            {
                await writer.WriteAsync(Enumerable.Repeat((byte)(i + 1), chunk).ToArray(), timeout.Token);
                if (File.Exists(_stores.InTarget("growing.log")))
                {
                    var copy = await File.ReadAllBytesAsync(_stores.InTarget("growing.log"), timeout.Token);
                    seenWhileWriting.Add(copy.Length);
                    if (copy.Length % chunk != 0 || copy.Where((b, at) => b != at / chunk + 1).Any())
                    {
                        torn.Add(copy.Length);
                    }
                }

                await Task.Delay(5, timeout.Token);
            }
        }

        await ObjectStores.WaitForAsync(() => _stores.Replicated("growing.log"), "the finished file replicated", timeout.Token);
        torn.ShouldBeEmpty();
        seenWhileWriting.ShouldBeEmpty("a file modified within the quiet period is not published");
        new FileInfo(_stores.InTarget("growing.log")).Length.ShouldBe(50 * chunk);
    }

    [Fact]
    public async Task Run_LeftoverTempFileInTarget_RemovedAndNeverReplicatedFromSource()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Directory.CreateDirectory(_stores.Target);
        await File.WriteAllTextAsync(_stores.InTarget(".x.txt.0123.pilotlight-tmp"), "a copy cut short", timeout.Token);
        _stores.Write(".y.txt.4567.pilotlight-tmp", "looks like a copy in progress");
        _stores.Write("x.txt", "real");

        await using var running = new RunningReplicator(_stores.Replicator());

        await ObjectStores.WaitForAsync(() => _stores.Replicated("x.txt"), "x.txt replicated", timeout.Token);
        Directory.EnumerateFiles(_stores.Target).Select(Path.GetFileName).ShouldBe(["x.txt"]);
    }
}
