namespace Pilotlight.Providers.Local.Objects;

/// <summary>Making one path, or the whole target, equal to the source.</summary>
public sealed partial class FilesystemReplicator
{
    private const int BufferSize = 128 * 1024;

    private async Task<PassTally> PassAsync(CancellationToken cancellationToken)
    {
        var tally = new PassTally();
        if (!Directory.Exists(_options.Source))
        {
            tally.Add(".", SyncOutcome.Failed); // see RequireSource
            return tally;
        }

        foreach (var relative in ObjectFiles.RelativePaths(_options.Source).ToList())
        {
            tally.Add(relative, await CopyAsync(relative, cancellationToken));
        }

        foreach (var relative in ObjectFiles.RelativePaths(_options.Target).ToList())
        {
            if (!File.Exists(Path.Combine(_options.Source, relative)))
            {
                tally.Add(relative, DeleteFile(Path.Combine(_options.Target, relative)));
            }
        }

        foreach (var directory in ObjectFiles.DirectoriesDeepestFirst(_options.Target).ToList())
        {
            if (!Directory.Exists(Path.Combine(_options.Source, Path.GetRelativePath(_options.Target, directory))) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Change(() =>
                {
                    Directory.Delete(directory);
                    return true;
                });
            }
        }

        return tally;
    }

    private async Task<PassTally> SyncAllAsync(IEnumerable<string> paths, PassTally tally, CancellationToken cancellationToken)
    {
        foreach (var relative in paths)
        {
            await SyncAsync(relative, tally, cancellationToken);
        }

        return tally;
    }

    /// <summary>Syncs a path an event named: a file, a whole directory, or something no longer in the source.</summary>
    private async Task SyncAsync(string relative, PassTally tally, CancellationToken cancellationToken)
    {
        var source = Path.Combine(_options.Source, relative);
        var target = Path.Combine(_options.Target, relative);
        if (!Directory.Exists(_options.Source))
        {
            tally.Add(relative, SyncOutcome.Failed); // see RequireSource
        }
        else if (File.Exists(source))
        {
            tally.Add(relative, await CopyAsync(relative, cancellationToken));
        }
        else if (Directory.Exists(source))
        {
            foreach (var inner in ObjectFiles.RelativePaths(source).ToList())
            {
                var path = Path.Combine(relative, inner);
                tally.Add(path, await CopyAsync(path, cancellationToken));
            }
        }
        else if (File.Exists(target))
        {
            tally.Add(relative, DeleteFile(target));
        }
        else if (Directory.Exists(target))
        {
            try
            {
                var files = ObjectFiles.RelativePaths(target).Count();
                Change(() =>
                {
                    Directory.Delete(target, recursive: true);
                    return true;
                });
                tally.AddDeleted(files);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                tally.Add(relative, SyncOutcome.Failed);
            }
        }
    }

    /// <summary>
    /// Copies one file if the target differs: only once it has been quiet for <see cref="FilesystemReplicatorOptions.QuietPeriod"/>,
    /// into a temp file beside the target, published by rename only if the source did not change meanwhile.
    /// </summary>
    private async Task<SyncOutcome> CopyAsync(string relative, CancellationToken cancellationToken)
    {
        var source = new FileInfo(Path.Combine(_options.Source, relative));
        var target = new FileInfo(Path.Combine(_options.Target, relative));
        if (!source.Exists || ObjectFiles.Same(source, target))
        {
            return SyncOutcome.Unchanged;
        }

        // A write within the same timestamp tick as the last one would leave size and mtime as they were: a file
        // modified only just now may still be written, and a copy of it could never be told from a current one.
        var length = source.Length;
        var written = source.LastWriteTimeUtc;
        if ((_clock.GetUtcNow().UtcDateTime - written).Duration() < _options.QuietPeriod)
        {
            return SyncOutcome.Deferred;
        }

        var temporary = ObjectFiles.TempPathFor(target.FullName);
        try
        {
            Directory.CreateDirectory(target.DirectoryName!);
            long copied;
            await using (var input = new FileStream(source.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan))
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await input.CopyToAsync(output, BufferSize, cancellationToken);
                copied = output.Length;
                output.Flush(flushToDisk: true); // durable before it is published
            }

            source.Refresh();
            if (!source.Exists)
            {
                return SyncOutcome.Unchanged; // deleted meanwhile: its own event, or the next pass, deletes the copy
            }

            if (source.Length != length || source.LastWriteTimeUtc != written || copied != length)
            {
                return SyncOutcome.Deferred;
            }

            File.SetLastWriteTimeUtc(temporary, written);
            return Change(() =>
            {
                File.Move(temporary, target.FullName, overwrite: true);
                return SyncOutcome.Copied;
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return SyncOutcome.Unchanged;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SyncOutcome.Failed;
        }
        finally
        {
            DeleteTemp(temporary);
        }
    }

    private SyncOutcome DeleteFile(string path)
    {
        try
        {
            return Change(() =>
            {
                File.Delete(path);
                return SyncOutcome.Deleted;
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SyncOutcome.Failed;
        }
    }

    // Every change to the target goes through the gate, when there is one (see DirectionGate).
    private T Change<T>(Func<T> change) => _options.Gate is { } gate ? gate.Change(change) : change();

    private static void DeleteTemp(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next start of RunAsync, which deletes leftover temp files.
        }
    }
}
