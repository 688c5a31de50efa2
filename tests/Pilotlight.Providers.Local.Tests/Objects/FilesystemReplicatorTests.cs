using Pilotlight.Core.Processes;
using Pilotlight.Providers.Local.Objects;

namespace Pilotlight.Providers.Local.Tests.Objects;

public sealed class FilesystemReplicatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pilotlight-objects-{Guid.NewGuid():N}");

    private string Source => Path.Combine(_root, "a");

    private string Target => Path.Combine(_root, "b");

    private FilesystemReplicator Replicator => new(new FilesystemReplicatorOptions { Source = Source, Target = Target, ReconcileInterval = TimeSpan.FromSeconds(30) });

    public FilesystemReplicatorTests() => Directory.CreateDirectory(Source);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task WaitForAsync(Func<bool> condition, string what, CancellationToken ct) =>
        await Poll.UntilAsync(_ => Task.FromResult(condition()), TimeSpan.FromSeconds(10), what, ct, TimeSpan.FromMilliseconds(20));

    private bool SameBytes(string relative) =>
        File.Exists(Path.Combine(Target, relative)) && File.ReadAllBytes(Path.Combine(Source, relative)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Target, relative)));

    [Fact]
    public async Task Run_NewChangedRenamedDeletedAndNestedFiles_Propagate()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = Replicator.RunAsync(stop.Token);
        try
        {
            var big = new byte[5 * 1024 * 1024];
            Random.Shared.NextBytes(big);
            await File.WriteAllBytesAsync(Path.Combine(Source, "big.bin"), big, stop.Token);
            Directory.CreateDirectory(Path.Combine(Source, "products", "deep"));
            await File.WriteAllTextAsync(Path.Combine(Source, "products", "deep", "x.txt"), "one", stop.Token);
            await WaitForAsync(() => SameBytes("big.bin") && SameBytes(Path.Combine("products", "deep", "x.txt")), "new files copied", stop.Token);

            await File.WriteAllTextAsync(Path.Combine(Source, "products", "deep", "x.txt"), "two, longer", stop.Token);
            await WaitForAsync(() => SameBytes(Path.Combine("products", "deep", "x.txt")), "the changed file copied", stop.Token);

            File.Move(Path.Combine(Source, "big.bin"), Path.Combine(Source, "renamed.bin"));
            await WaitForAsync(() => SameBytes("renamed.bin") && !File.Exists(Path.Combine(Target, "big.bin")), "the rename propagated", stop.Token);

            File.Delete(Path.Combine(Source, "renamed.bin"));
            await WaitForAsync(() => !File.Exists(Path.Combine(Target, "renamed.bin")), "the delete propagated", stop.Token);
            Directory.EnumerateFiles(Target, "*", SearchOption.AllDirectories).ShouldAllBe(f => !f.EndsWith(".pilotlight-tmp", StringComparison.Ordinal));
        }
        finally
        {
            await stop.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(() => running);
        }
    }

    [Fact]
    public async Task Run_FileWrittenWhileStopped_CopiedAtRestart()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await File.WriteAllTextAsync(Path.Combine(Source, "while-down.txt"), "written while no replicator ran", stop.Token);

        var running = Replicator.RunAsync(stop.Token);
        await WaitForAsync(() => SameBytes("while-down.txt"), "the file copied by the reconciliation at start", stop.Token);
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task Run_FileStillBeingAppended_NeverPublishedTruncated()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = Replicator.RunAsync(stop.Token);
        var path = Path.Combine(Source, "growing.log");
        var target = Path.Combine(Target, "growing.log");
        var seen = new List<long>();
        await using (var writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            for (var i = 0; i < 40; i++)
            {
                await writer.WriteAsync(new byte[4096], stop.Token);
                await writer.FlushAsync(stop.Token);
                if (File.Exists(target))
                {
                    seen.Add(new FileInfo(target).Length);
                }

                await Task.Delay(5, stop.Token);
            }
        }

        await WaitForAsync(() => SameBytes("growing.log"), "the finished file copied", stop.Token);
        seen.ShouldAllBe(length => length % 4096 == 0);
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task Backlog_CountsPendingWithAgeThenZeroAfterSync()
    {
        var path = Path.Combine(Source, "pending.txt");
        await File.WriteAllTextAsync(path, "x");
        var written = new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);
        Directory.CreateDirectory(Target);
        await File.WriteAllTextAsync(Path.Combine(Target, "orphan.txt"), "gone from source");

        var backlog = FilesystemObjectStore.Backlog(Source, Target, new DateTimeOffset(written).AddSeconds(42));
        backlog.PendingObjects.ShouldBe(2);
        backlog.OldestPendingAge.ShouldBe(TimeSpan.FromSeconds(42));

        var pass = await Replicator.ReconcileOnceAsync(CancellationToken.None);
        pass.ShouldBe(new ReplicationPass(1, 1));
        var after = FilesystemObjectStore.Backlog(Source, Target, new DateTimeOffset(written).AddSeconds(43));
        after.PendingObjects.ShouldBe(0);
        after.OldestPendingAge.ShouldBe(TimeSpan.Zero);
        File.GetLastWriteTimeUtc(Path.Combine(Target, "pending.txt")).ShouldBe(written);
    }
}
