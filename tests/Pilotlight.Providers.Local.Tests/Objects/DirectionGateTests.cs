using Pilotlight.Core.Providers;
using Pilotlight.Core.State;
using Pilotlight.Processes;
using Pilotlight.Providers.Local.Objects;

namespace Pilotlight.Providers.Local.Tests.Objects;

/// <summary>The gate a replicator changes its target through, and the file lock under it, on real files.</summary>
public sealed class DirectionGateTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pilotlight-gate-{Guid.NewGuid():N}");

    public DirectionGateTests() => Directory.CreateDirectory(_root);

    private string DirectionPath => Path.Combine(_root, ReplicationDirectionFile.FileName);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void FileLock_SharedBesideShared_ExclusiveWaitsForBoth_ThenSaysWhichFileStayedLocked()
    {
        var path = Path.Combine(_root, "x.lock");
        using (FileLock.Take(path, exclusive: false, TimeSpan.Zero))
        using (FileLock.Take(path, exclusive: false, TimeSpan.Zero))
        {
            Should.Throw<IOException>(() => FileLock.Take(path, exclusive: true, TimeSpan.FromMilliseconds(30))).Message.ShouldBe($"{path} stayed locked by another process for over 0 s; expected it free within that");
        }

        using (FileLock.Take(path, exclusive: true, TimeSpan.Zero))
        {
            Should.Throw<IOException>(() => FileLock.Take(path, exclusive: false, TimeSpan.FromMilliseconds(30)));
        }

        using var again = FileLock.Take(path, exclusive: true, TimeSpan.Zero);
    }

    [Fact]
    public void Change_DirectionStillRecorded_Made_Reversed_RefusedWithoutMakingIt_Damaged_Refused()
    {
        ReplicationDirectionFile.Save(DirectionPath, new("a", "b"), DateTimeOffset.UtcNow);
        var gate = new DirectionGate(DirectionPath, new("a", "b"), () => ReplicationDirectionFile.Load(DirectionPath, ["a", "b"]));
        gate.Change(() => 42).ShouldBe(42);

        ReplicationDirectionFile.Save(DirectionPath, new("b", "a"), DateTimeOffset.UtcNow);
        var made = false;
        Should.Throw<DirectionChangedException>(() => gate.Change(() => made = true)).Message.ShouldBe("objects replication a->b stopped: the direction is now b->a");
        made.ShouldBeFalse();

        File.WriteAllText(DirectionPath, "{");
        Should.Throw<DirectionChangedException>(() => gate.Change(() => made = true)).Message.ShouldStartWith("objects replication a->b stopped: " + DirectionPath);
        made.ShouldBeFalse();
    }

    [Fact]
    public async Task Change_WhileAReversalHoldsTheLock_WaitsForIt_ThenSeesTheNewDirection()
    {
        ReplicationDirectionFile.Save(DirectionPath, new("a", "b"), DateTimeOffset.UtcNow);
        var gate = new DirectionGate(DirectionPath, new("a", "b"), () => ReplicationDirectionFile.Load(DirectionPath, ["a", "b"]));
        Task<bool> change;
        using (DirectionGate.Reversing(DirectionPath))
        {
            change = Task.Run(() => gate.Change(() => true));
            await Task.Delay(100);
            change.IsCompleted.ShouldBeFalse("a change went through while a reversal held the lock");
            ReplicationDirectionFile.Save(DirectionPath, new ReplicationDirection("b", "a"), DateTimeOffset.UtcNow);
        }

        await Should.ThrowAsync<DirectionChangedException>(() => change);
    }
}
