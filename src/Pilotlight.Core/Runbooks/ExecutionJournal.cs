using System.Collections.Immutable;
using System.Text.Json;

namespace Pilotlight.Core.Runbooks;

/// <summary>
/// The durable record of one execution: an append-only file of JSON lines, each flushed to disk (fsync) before
/// the runner goes on, so a controller killed at any instant finds on restart exactly what had been done.
/// </summary>
public sealed class ExecutionJournal
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private static readonly JsonSerializerOptions ReadJson = new(Json) { RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true };
    private readonly object _gate = new();
    private bool _checked;

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
            if (!_checked)
            {
                // Appending to a damaged journal would bury the damage under entries that seem to follow from it.
                if (Problem is { } problem)
                {
                    throw new InvalidDataException($"{problem}; not appending to a corrupt journal");
                }

                _checked = true;
            }

            // Every time, not once: a torn write may come after this instance first looked (a crash, a test's torn write).
            DropTornTail();

            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(line));
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Every entry written so far; a torn last line (a crash mid-write) is ignored, and so is a line that is <see cref="Problem"/>.</summary>
    public ImmutableArray<JournalEntry> Read() => Load().Entries;

    /// <summary>
    /// Null while the journal is what the runner writes; otherwise the first line that breaks it. Only the last line
    /// may be torn (no newline: a crash mid-write, and that entry never happened); an unparseable line before it, or
    /// a first entry that is not <see cref="JournalEntry.ExecutionStarted"/>, means the file was damaged, and
    /// nothing after that line can be believed.
    /// </summary>
    public JournalProblem? Problem => Load().Problem;

    public bool IsCorrupt => Problem is not null;

    private (ImmutableArray<JournalEntry> Entries, JournalProblem? Problem) Load()
    {
        if (!File.Exists(Path))
        {
            return ([], null);
        }

        var text = File.ReadAllText(Path);
        var lines = text.Split('\n');
        var entries = ImmutableArray.CreateBuilder<JournalEntry>();
        JournalProblem? problem = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var last = i == lines.Length - 1;
            if (last && line.Length == 0)
            {
                break;
            }

            var (entry, why) = Parse(line);
            if (entry is not null)
            {
                if (entries.Count == 0 && entry.Type != JournalEntry.ExecutionStarted)
                {
                    problem ??= new JournalProblem(Path, i + 1, $"the first entry is {entry.Type}, not {JournalEntry.ExecutionStarted}");
                }

                entries.Add(entry);
            }
            else if (!last)
            {
                // Lines are written whole with their newline: a broken line before the end is damage, not a crash.
                problem ??= new JournalProblem(Path, i + 1, why!);
            }

            // A torn last line (no newline, a crash mid-write): the entry was never acknowledged, so it did not happen.
        }

        return (entries.ToImmutable(), problem);
    }

    private static (JournalEntry? Entry, string? Why) Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return (null, "an empty line; expected one JSON entry per line");
        }

        try
        {
            using var document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            var length = System.Text.Encoding.UTF8.GetByteCount(line);
            return (null, e.BytePositionInLine is { } at && at < length
                ? $"not JSON (invalid at byte {at}); expected one JSON entry per line"
                : $"truncated JSON ({length} bytes, cut off mid-entry) followed by more lines");
        }

        try
        {
            return JsonSerializer.Deserialize<JournalEntry>(line, ReadJson) is { } entry
                ? (entry, null)
                : (null, "null, not a journal entry; expected {\"at\":TIME,\"type\":TEXT,…}");
        }
        catch (JsonException e)
        {
            return (null, $"not a journal entry{(e.Path is { Length: > 1 } path ? $" ({path} is wrong)" : " (\"at\" or \"type\" missing)")}; expected {{\"at\":TIME,\"type\":TEXT,…}}");
        }
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
