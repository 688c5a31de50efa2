using System.Threading.Channels;

namespace Pilotlight.Providers.Local.Objects;

/// <summary>
/// Continuous one-way replication of a directory store: a file watcher for changes as they happen, and a full
/// reconciliation at start, periodically and after a watcher overflow, so that nothing is missed after a restart.
/// Copies are byte for byte, published by atomic rename, never half-written.
/// </summary>
public sealed class FilesystemReplicator
{
    private readonly FilesystemReplicatorOptions _options;

    public FilesystemReplicator(FilesystemReplicatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.Source);
        Directory.CreateDirectory(_options.Target);
        var changes = Channel.CreateUnbounded<string?>();
        using var watcher = new FileSystemWatcher(_options.Source)
        {
            IncludeSubdirectories = true,
            InternalBufferSize = 64 * 1024,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
        };
        watcher.Created += (_, e) => changes.Writer.TryWrite(e.FullPath);
        watcher.Changed += (_, e) => changes.Writer.TryWrite(e.FullPath);
        watcher.Deleted += (_, e) => changes.Writer.TryWrite(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            changes.Writer.TryWrite(e.OldFullPath);
            changes.Writer.TryWrite(e.FullPath);
        };
        watcher.Error += (_, _) => changes.Writer.TryWrite(null); // overflow: reconcile everything
        watcher.EnableRaisingEvents = true;

        await ReconcileOnceAsync(cancellationToken);
        using var reconcile = new PeriodicTimer(_options.ReconcileInterval);
        var tick = reconcile.WaitForNextTickAsync(cancellationToken).AsTask();
        while (!cancellationToken.IsCancellationRequested)
        {
            var change = changes.Reader.WaitToReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(change, tick) == tick)
            {
                await tick;
                await ReconcileQuietlyAsync(cancellationToken);
                tick = reconcile.WaitForNextTickAsync(cancellationToken).AsTask();
                continue;
            }

            await change;

            // Let a burst of events for one file settle into one copy.
            await Task.Delay(20, cancellationToken);
            var paths = new HashSet<string>(StringComparer.Ordinal);
            var full = false;
            while (changes.Reader.TryRead(out var path))
            {
                if (path is null)
                {
                    full = true;
                }
                else if (!ObjectFiles.IsTemp(path))
                {
                    paths.Add(Path.GetRelativePath(_options.Source, path));
                }
            }

            if (full)
            {
                await ReconcileQuietlyAsync(cancellationToken);
                continue;
            }

            foreach (var relative in paths)
            {
                try
                {
                    await SyncAsync(relative, cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A file that moved or vanished while we looked: the next event or reconciliation settles it.
                    await Console.Error.WriteLineAsync($"replicator: {relative}: {e.Message}");
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Compares both stores completely and makes the target equal to the source.</summary>
    public async Task<ReplicationPass> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var copied = 0;
        var deleted = 0;
        foreach (var relative in ObjectFiles.RelativePaths(_options.Source))
        {
            if (await CopyIfChangedAsync(relative, cancellationToken))
            {
                copied++;
            }
        }

        foreach (var relative in ObjectFiles.RelativePaths(_options.Target).ToList())
        {
            if (!File.Exists(Path.Combine(_options.Source, relative)))
            {
                File.Delete(Path.Combine(_options.Target, relative));
                deleted++;
            }
        }

        return new ReplicationPass(copied, deleted);
    }

    // While running, a store changing under our feet is normal: report it and let the next pass settle it.
    private async Task ReconcileQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileOnceAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"replicator: reconciliation: {e.Message}");
        }
    }

    private async Task SyncAsync(string relative, CancellationToken cancellationToken)
    {
        var source = Path.Combine(_options.Source, relative);
        var target = Path.Combine(_options.Target, relative);
        if (File.Exists(source))
        {
            await CopyIfChangedAsync(relative, cancellationToken);
        }
        else if (Directory.Exists(source))
        {
            foreach (var inner in ObjectFiles.RelativePaths(source))
            {
                await CopyIfChangedAsync(Path.Combine(relative, inner), cancellationToken);
            }
        }
        else if (File.Exists(target))
        {
            File.Delete(target);
        }
        else if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
    }

    /// <summary>Copies one file if the target differs; a file still being written is retried until it holds still.</summary>
    private async Task<bool> CopyIfChangedAsync(string relative, CancellationToken cancellationToken)
    {
        var source = new FileInfo(Path.Combine(_options.Source, relative));
        var target = new FileInfo(Path.Combine(_options.Target, relative));
        for (var attempt = 0; attempt < 50; attempt++)
        {
            source.Refresh();
            target.Refresh();
            if (!source.Exists || ObjectFiles.Same(source, target))
            {
                return false;
            }

            var length = source.Length;
            var written = source.LastWriteTimeUtc;
            Directory.CreateDirectory(target.DirectoryName!);
            var temporary = Path.Combine(target.DirectoryName!, $".{target.Name}{ObjectFiles.TempSuffix}");
            try
            {
                await using (var input = new FileStream(source.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                await using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    await input.CopyToAsync(output, cancellationToken);
                    await output.FlushAsync(cancellationToken);
                }

                source.Refresh();
                if (source.Exists && source.Length == length && source.LastWriteTimeUtc == written)
                {
                    File.SetLastWriteTimeUtc(temporary, written);
                    File.Move(temporary, target.FullName, overwrite: true);
                    return true;
                }
            }
            catch (FileNotFoundException)
            {
                // Deleted while we copied: the delete event follows.
            }
            finally
            {
                File.Delete(temporary);
            }

            await Task.Delay(50, cancellationToken);
        }

        return false;
    }
}
