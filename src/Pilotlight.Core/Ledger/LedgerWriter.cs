using System.Buffers;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Pilotlight.Core.Ledger;

/// <summary>
/// Appends acknowledged writes to a ledger file. <c>Append</c> hands the lines to the kernel with one write(2)
/// before it returns, so a caller that counts a write only after appending it never reports a write that a
/// killed process did not leave in the file; <see cref="FlushToDisk"/> (fsync) is the caller's policy. Safe to call
/// from several threads; lines are never interleaved.
/// </summary>
public sealed class LedgerWriter : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly ArrayBufferWriter<byte> _line = new(256);
    private readonly Utf8JsonWriter _json;
    private readonly Lock _gate = new();
    private long _offset;
    private long _count;

    /// <summary>Opens (or creates) <paramref name="path"/> for appending; a torn last line of an earlier run is cut off first.</summary>
    public LedgerWriter(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _file = File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        _offset = WholeLinesLength(_file);
        if (_offset != RandomAccess.GetLength(_file))
        {
            RandomAccess.SetLength(_file, _offset);
        }

        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { SkipValidation = true });
    }

    public string Path { get; }

    /// <summary>Lines appended by this writer.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Writes one line for <paramref name="entry"/>; when this returns, the line is in the kernel (not yet on disk).</summary>
    public void Append(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Append([entry]);
    }

    /// <summary>Writes one line per entry, in order, with a single write(2); when this returns, all are in the kernel.</summary>
    public void Append(IReadOnlyList<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _line.ResetWrittenCount();
            foreach (var entry in entries)
            {
                _json.Reset(_line);
                _json.WriteStartObject();
                _json.WriteString("ref"u8, entry.Ref);
                if (entry.Id is { } id)
                {
                    _json.WriteNumber("id"u8, id);
                }

                if (entry.Site is { } site)
                {
                    _json.WriteString("site"u8, site);
                }

                _json.WriteString("at"u8, entry.At.UtcDateTime);
                _json.WriteNumber("latency_ms"u8, Math.Round(entry.LatencyMs, 3));
                _json.WriteEndObject();
                _json.Flush();
                _line.Write("\n"u8);
            }

            RandomAccess.Write(_file, _line.WrittenSpan, _offset);
            _offset += _line.WrittenCount;
            _count += entries.Count;
        }
    }

    /// <summary>fsync: every line appended so far survives a machine crash once this returns.</summary>
    public void FlushToDisk()
    {
        if (!_file.IsClosed)
        {
            RandomAccess.FlushToDisk(_file);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_file.IsClosed)
            {
                return;
            }

            RandomAccess.FlushToDisk(_file);
            _file.Dispose();
            _json.Dispose();
        }
    }

    // The length up to and including the last newline: what an earlier writer finished.
    private static long WholeLinesLength(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        var buffer = new byte[4096];
        var end = length;
        while (end > 0)
        {
            var size = (int)Math.Min(buffer.Length, end);
            var read = RandomAccess.Read(file, buffer.AsSpan(0, size), end - size);
            var at = buffer.AsSpan(0, read).LastIndexOf((byte)'\n');
            if (at >= 0)
            {
                return end - size + at + 1;
            }

            end -= size;
        }

        return 0;
    }
}
