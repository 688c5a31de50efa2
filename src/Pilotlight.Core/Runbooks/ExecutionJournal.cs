using System.Collections.Immutable;
using System.Text.Json;

namespace Pilotlight.Core.Runbooks;

/// <summary>
/// The durable record of one execution: an append-only file of JSON lines, each flushed to disk (fsync) before
/// the runner goes on, so a controller killed at any instant finds on restart exactly what had been done.
/// </summary>
public sealed class ExecutionJournal
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly object _gate = new();
    private bool _repaired;

    public ExecutionJournal(string path)
    {
        Path = path;
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
    }

    public string Path { get; }

    public string Id => System.IO.Path.GetFileNameWithoutExtension(Path);

    public void Append(JournalEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, Json) + "\n";
        lock (_gate)
        {
            if (!_repaired)
            {
                DropTornTail();
                _repaired = true;
            }

            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(line));
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Every entry written so far; a torn last line (a crash mid-write) is ignored.</summary>
    public ImmutableArray<JournalEntry> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var entries = ImmutableArray.CreateBuilder<JournalEntry>();
        foreach (var line in File.ReadLines(Path))
        {
            try
            {
                if (JsonSerializer.Deserialize<JournalEntry>(line, Json) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A torn line from a crash mid-write: the entry was never acknowledged, so it did not happen.
            }
        }

        return entries.ToImmutable();
    }

    // A crash mid-write leaves a last line without its newline; appending after it would corrupt the next entry.
    private void DropTornTail()
    {
        if (!File.Exists(Path))
        {
            return;
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var length = stream.Length;
        var end = length;
        while (end > 0)
        {
            stream.Position = end - 1;
            if (stream.ReadByte() == '\n')
            {
                break;
            }

            end--;
        }

        if (end != length)
        {
            stream.SetLength(end);
            stream.Flush(flushToDisk: true);
        }
    }

    public bool IsFinished => Read().Any(e => e.Type == JournalEntry.ExecutionFinished);

    /// <summary>Steps whose effect the journal says holds: done, or failed but best effort.</summary>
    public ImmutableHashSet<string> CompletedSteps() =>
        [.. Read().Where(e => e.Step is not null && (e.Type is JournalEntry.StepSucceeded or JournalEntry.StepAlreadyDone
            || (e.Type == JournalEntry.StepFailed && e.Detail?.StartsWith(BestEffortPrefix, StringComparison.Ordinal) == true))).Select(e => e.Step!)];

    public const string BestEffortPrefix = "best effort: ";
}
