using System.Text;
using System.Text.Json;

namespace Pilotlight.Core.State;

/// <summary>
/// Whole or not at all, and on disk: the bytes go to a temporary file of their own beside the target (unique, so two
/// writers at once never interleave in one), flushed to disk, then renamed over the target. A reader — or a
/// command after a crash — sees the old file or the new one, never half of either. The state Pilotlight decides by
/// (the site state, journals' companions, evidence, proofs, approvals) is written this way.
/// </summary>
public static class DurableFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> whole at <paramref name="path"/>. Without <paramref name="flushToDisk"/> the file is
    /// still whole for every reader and survives the writing process's death, only not the machine's.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool flushToDisk = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static void WriteText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, Encoding.UTF8.GetBytes(text));
    }

    public static void WriteJson<T>(string path, T value, JsonSerializerOptions options, bool flushToDisk = true) =>
        Write(path, JsonSerializer.SerializeToUtf8Bytes(value, options), flushToDisk);
}
