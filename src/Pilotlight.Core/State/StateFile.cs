using System.Globalization;
using System.Text.Json;

namespace Pilotlight.Core.State;

/// <summary>
/// Reads one small JSON object the lab keeps in its state directory and checks its fields, turning anything else
/// into a <see cref="DamagedStateException"/>: "PATH: not WHAT (why); expected EXPECTED".
/// </summary>
public sealed class StateFile(string path, string what, string expected)
{
    // Every state file is well under a kibibyte; anything this large is not one.
    private const int MaxBytes = 64 * 1024;

    public string Path => path;

    public DamagedStateException Damaged(string why) => new(path, $"{path}: not {what} ({why}); expected {expected}");

    /// <summary>The file's top-level JSON object.</summary>
    public JsonElement ReadObject()
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw Damaged(string.Create(CultureInfo.InvariantCulture, $"{length} bytes, far too large"));
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.All(IsSpace))
        {
            throw Damaged("empty");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw Damaged($"a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }
        catch (JsonException e)
        {
            var at = Offset(bytes, e);
            throw Damaged(at >= bytes.Length - bytes.Reverse().TakeWhile(IsSpace).Count()
                ? string.Create(CultureInfo.InvariantCulture, $"truncated JSON at byte {bytes.Length}")
                : string.Create(CultureInfo.InvariantCulture, $"not JSON: invalid at byte {at}"));
        }
    }

    public string Text(JsonElement root, string name) =>
        Property(root, name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw Wrong(root, name, "a string");

    public bool Boolean(JsonElement root, string name, bool? absent = null) =>
        Property(root, name, absent is not null) switch
        {
            null => absent!.Value,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw Wrong(root, name, "true or false"),
        };

    public int Number(JsonElement root, string name, int min, int max) =>
        Property(root, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var n) && n >= min && n <= max
            ? n
            : throw Wrong(root, name, string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}"));

    public DateTimeOffset? Time(JsonElement root, string name, bool optional = false) =>
        Property(root, name, optional) switch
        {
            null or { ValueKind: JsonValueKind.Null } when optional => null,
            { ValueKind: JsonValueKind.String } value when value.TryGetDateTimeOffset(out var time) => time,
            _ => throw Wrong(root, name, optional ? "a time or null" : "a time"),
        };

    private JsonElement? Property(JsonElement root, string name, bool optional = false) =>
        root.TryGetProperty(name, out var value) ? value : optional ? null : throw Damaged($"{name} is missing");

    private DamagedStateException Wrong(JsonElement root, string name, string kind)
    {
        var raw = root.GetProperty(name).GetRawText();
        return Damaged($"{name} is {(raw.Length > 40 ? raw[..40] + "…" : raw)}, not {kind}");
    }

    // JsonException gives a line (0-based) and a byte position within it; the file offset is clearer for one line.
    private static long Offset(byte[] bytes, JsonException e)
    {
        long line = 0;
        long start = 0;
        for (var i = 0; i < bytes.Length && line < (e.LineNumber ?? 0); i++)
        {
            if (bytes[i] == '\n')
            {
                line++;
                start = i + 1;
            }
        }

        return start + (e.BytePositionInLine ?? 0);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
}
