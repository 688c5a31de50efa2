using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Pilotlight.Core.State;

namespace Pilotlight.Core.Ledger;

/// <summary>
/// Reads a ledger file (JSON lines, one acknowledged write each). Only the last line may be torn — a generator
/// killed mid-write, and that write was never reported — and it is ignored; any other broken line is damage, a
/// <see cref="DamagedStateException"/> naming the file and the line.
/// </summary>
public static class LedgerReader
{
    private const string Expected = "expected {\"ref\":TEXT,\"id\":NUMBER,\"site\":TEXT,\"at\":TIME,\"latency_ms\":NUMBER}";

    public static ImmutableArray<LedgerEntry> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DamagedStateException(path, Directory.Exists(path) ? $"{path}: a directory, not a ledger file" : $"{path}: no such ledger file");
        }

        var bytes = File.ReadAllBytes(path);
        var entries = ImmutableArray.CreateBuilder<LedgerEntry>();
        var start = 0;
        var line = 0;
        while (start < bytes.Length)
        {
            line++;
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                // A torn last line (no newline): the generator died before that write was counted.
                break;
            }

            entries.Add(Parse(bytes.AsSpan(start, end - start), path, line));
            start = end + 1;
        }

        return entries.ToImmutable();
    }

    private static LedgerEntry Parse(ReadOnlySpan<byte> line, string path, int number)
    {
        DamagedStateException Damaged(string why) => new(path, $"{path}:{number}: {why}; {Expected}");
        if (line.IsEmpty || line.Trim((byte)' ').IsEmpty)
        {
            throw Damaged("an empty line");
        }

        string? reference = null;
        long? id = null;
        string? site = null;
        DateTimeOffset? at = null;
        double? latency = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Damaged("not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "ref" when reader.TokenType == JsonTokenType.String:
                        reference = reader.GetString();
                        break;
                    case "id" when reader.TokenType == JsonTokenType.Number:
                        id = reader.TryGetInt64(out var whole) ? whole : throw Damaged("\"id\" is not a whole number");
                        break;
                    case "site" when reader.TokenType == JsonTokenType.String:
                        site = reader.GetString();
                        break;
                    case "at" when reader.TokenType == JsonTokenType.String:
                        at = reader.TryGetDateTimeOffset(out var time) ? time : throw Damaged("\"at\" is not an ISO 8601 time");
                        break;
                    case "latency_ms" when reader.TokenType == JsonTokenType.Number:
                        latency = reader.GetDouble();
                        break;
                    case "id" or "site" when reader.TokenType == JsonTokenType.Null:
                        break;
                    case "ref" or "id" or "site" or "at" or "latency_ms":
                        throw Damaged($"\"{name}\" is {Describe(reader.TokenType)}");
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw Damaged("not one JSON object");
            }
        }
        catch (JsonException e)
        {
            throw Damaged(string.Create(CultureInfo.InvariantCulture, $"not JSON (invalid at byte {e.BytePositionInLine ?? 0}{(line.Length > 0 ? $" of {line.Length}" : "")})"));
        }

        if (string.IsNullOrEmpty(reference) || at is null || latency is null)
        {
            var missing = new[] { ("ref", string.IsNullOrEmpty(reference)), ("at", at is null), ("latency_ms", latency is null) }.Where(m => m.Item2).Select(m => $"\"{m.Item1}\"");
            throw Damaged($"{string.Join(", ", missing)} missing");
        }

        return new LedgerEntry(reference, id, site, at.Value, latency.Value);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a text",
        JsonTokenType.Number => "a number",
        JsonTokenType.Null => "null",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };
}
