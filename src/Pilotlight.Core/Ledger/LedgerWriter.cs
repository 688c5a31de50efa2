using System.Buffers;
using System.Globalization;
using System.Text;
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
    private string? _site;
    private byte[] _siteJson = [];
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
                WriteLine(entry);
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
        }
    }

    // {"ref":"…","id":123,"site":"a","at":"2026-12-02T00:12:10.1234567Z","latency_ms":3.2} and a newline, formatted
    // straight into the batch's buffer (a JSON writer per line cost a generator at saturation ~5 % of its CPU).
    private void WriteLine(LedgerEntry entry)
    {
        Put("{\"ref\":"u8);
        PutString(entry.Ref);
        if (entry.Id is { } id)
        {
            Put(",\"id\":"u8);
            PutFormatted(id, default);
        }

        if (entry.Site is { } site)
        {
            if (!ReferenceEquals(site, _site))
            {
                _site = site;
                _siteJson = Quoted(site);
            }

            Put(",\"site\":"u8);
            Put(_siteJson);
        }

        Put(",\"at\":\""u8);
        PutTime(entry.At.UtcDateTime);
        Put("\",\"latency_ms\":"u8);
        PutFormatted(Math.Round(entry.LatencyMs, 3), default);
        Put("}\n"u8);
    }

    private void Put(ReadOnlySpan<byte> bytes) => _line.Write(bytes);

    private void PutFormatted<T>(T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        var span = _line.GetSpan(64);
        if (!value.TryFormat(span, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"a ledger value did not fit 64 bytes: {value}");
        }

        _line.Advance(written);
    }

    // ISO 8601 in UTC, the fraction without its trailing zeros (none when whole seconds): as JSON writers put it.
    private void PutTime(DateTime utc)
    {
        // "O" is formatted on a fast path (a custom pattern is not): 2026-12-02T00:12:10.1234567Z, then trimmed.
        var span = _line.GetSpan(40);
        if (!DateTime.SpecifyKind(utc, DateTimeKind.Utc).TryFormat(span, out var written, "O", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"a ledger time did not fit 40 bytes: {utc:O}");
        }

        written--; // the Z
        while (span[written - 1] == (byte)'0')
        {
            written--;
        }

        if (span[written - 1] == (byte)'.')
        {
            written--;
        }

        span[written] = (byte)'Z';
        _line.Advance(written + 1);
    }

    // Plain ASCII (what generated refs are) is copied as it is; anything else goes through the JSON encoder.
    private void PutString(string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
            {
                Put(Quoted(text));
                return;
            }
        }

        var span = _line.GetSpan(text.Length + 2);
        span[0] = (byte)'"';
        var written = Encoding.ASCII.GetBytes(text, span[1..]);
        span[written + 1] = (byte)'"';
        _line.Advance(written + 2);
    }

    private static byte[] Quoted(string text)
    {
        var encoded = JsonEncodedText.Encode(text).EncodedUtf8Bytes;
        var quoted = new byte[encoded.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        encoded.CopyTo(quoted.AsSpan(1));
        return quoted;
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
