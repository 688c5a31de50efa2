using System.Threading.Channels;

namespace Pilotlight.Providers.Local.Objects;

/// <summary>
/// Continuous one-way replication of a directory store: a file watcher for changes as they happen, and a full
/// reconciliation at start, periodically and after a watcher overflow, so that nothing is missed after a restart.
/// Copies are byte for byte with the source's mtime, published by atomic rename, never half-written.
/// </summary>
public sealed partial class FilesystemReplicator
{
    // Events for one file come in bursts while it is written: gather them into one sync.
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(20);

    private readonly FilesystemReplicatorOptions _options;
    private readonly TimeProvider _clock;

    /// <param name="options">Source, target and timings.</param>
    /// <param name="clock">Wall-clock time, compared with file modification times; <see cref="TimeProvider.System"/> if null.</param>
    public FilesystemReplicator(FilesystemReplicatorOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ReconcileInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QuietPeriod, TimeSpan.Zero, nameof(options));
        _options = options;
        _clock = clock ?? TimeProvider.System;
    }

    private TimeSpan RetryDelay => TimeSpan.FromMilliseconds(Math.Max(10, _options.QuietPeriod.TotalMilliseconds / 2));

    /// <summary>
    /// Replicates until cancelled (then throws <see cref="OperationCanceledException"/>), or until its
    /// <see cref="FilesystemReplicatorOptions.Gate"/> finds the direction changed (then returns).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReplicateAsync(cancellationToken);
        }
        catch (DirectionChangedException)
        {
            // Nothing more was changed in the target; the follower starts whatever the new direction needs.
        }
    }

    private async Task ReplicateAsync(CancellationToken cancellationToken)
    {
        RequireSource();
        Directory.CreateDirectory(_options.Target);
        foreach (var leftover in ObjectFiles.TempFiles(_options.Target).ToList())
        {
            DeleteTemp(leftover); // a copy that an earlier run did not finish
        }

        var changes = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
        using var watcher = Watch(changes.Writer);
        using var reconcile = new PeriodicTimer(_options.ReconcileInterval, _clock);

        // The watcher is on before this first full pass, so no change falls between the two.
        var retry = new HashSet<string>((await PassAsync(cancellationToken)).TakeDeferred(), StringComparer.Ordinal);
        var changed = changes.Reader.WaitToReadAsync(cancellationToken).AsTask();
        var tick = reconcile.WaitForNextTickAsync(cancellationToken).AsTask();
        while (true)
        {
            Task[] waits = retry.Count > 0 ? [changed, tick, Task.Delay(RetryDelay, _clock, cancellationToken)] : [changed, tick];
            var first = await Task.WhenAny(waits);
            await first; // throws once cancelled

            var paths = new HashSet<string>(retry, StringComparer.Ordinal);
            retry.Clear();
            var full = false;
            if (first == tick)
            {
                full = true;
                tick = reconcile.WaitForNextTickAsync(cancellationToken).AsTask();
            }
            else if (first == changed)
            {
                await Task.Delay(Debounce, _clock, cancellationToken);
                while (changes.Reader.TryRead(out var path))
                {
                    if (path is null)
                    {
                        full = true; // the watcher overflowed: events were lost
                    }
                    else if (!ObjectFiles.IsTemp(path))
                    {
                        paths.Add(Path.GetRelativePath(_options.Source, path));
                    }
                }

                changed = changes.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }

            var tally = full ? await PassAsync(cancellationToken) : await SyncAllAsync(paths, new PassTally(), cancellationToken);
            retry.UnionWith(tally.TakeDeferred());
        }
    }

    /// <summary>
    /// Compares both stores completely and makes the target equal to the source; files still being written are
    /// waited for a little (a few quiet periods, at least 2 s), then left deferred. Throws
    /// <see cref="DirectionChangedException"/> when its gate finds the direction changed meanwhile.
    /// </summary>
    public async Task<ReplicationPass> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        RequireSource();
        Directory.CreateDirectory(_options.Target);
        var tally = await PassAsync(cancellationToken);
        var deadline = _clock.GetUtcNow() + TimeSpan.FromTicks(Math.Max(_options.QuietPeriod.Ticks * 10, TimeSpan.FromSeconds(2).Ticks));
        while (tally.DeferredCount > 0 && _clock.GetUtcNow() < deadline)
        {
            await Task.Delay(RetryDelay, _clock, cancellationToken);
            await SyncAllAsync(tally.TakeDeferred(), tally, cancellationToken);
        }

        return tally.ToPass();
    }

    // A missing source is a lost mount or a wrong path, not a store whose objects were all deleted: replicating
    // it would empty the copy that disaster recovery relies on.
    private void RequireSource()
    {
        if (!Directory.Exists(_options.Source))
        {
            throw new DirectoryNotFoundException($"the source store {_options.Source} does not exist; nothing is replicated from it (and nothing deleted)");
        }
    }

    private FileSystemWatcher Watch(ChannelWriter<string?> changes)
    {
        var watcher = new FileSystemWatcher(_options.Source)
        {
            IncludeSubdirectories = true,
            InternalBufferSize = 64 * 1024,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
        };
        watcher.Created += (_, e) => changes.TryWrite(e.FullPath);
        watcher.Changed += (_, e) => changes.TryWrite(e.FullPath);
        watcher.Deleted += (_, e) => changes.TryWrite(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            changes.TryWrite(e.OldFullPath);
            changes.TryWrite(e.FullPath);
        };
        watcher.Error += (_, _) => changes.TryWrite(null);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
