using System.Collections.Immutable;
using System.Text.Json;

namespace Pilotlight.Engine.Notifications;

/// <summary>
/// The delivery log, <c>STATE_DIR/notifications.jsonl</c>: one JSON line per outcome, appended whole (several processes
/// of one plan may append to it). A log that cannot be written never stops a delivery.
/// </summary>
public sealed class DeliveryLog(string path)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly Lock _gate = new();

    public string Path { get; } = path;

    public void Append(DeliveryRecord record)
    {
        var line = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        lock (_gate)
        {
            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
                using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                stream.Write(line);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The log is a record of deliveries, not a condition for them.
            }
        }
    }

    /// <summary>Every record so far; a line that is not one (torn, foreign) is skipped.</summary>
    public ImmutableArray<DeliveryRecord> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var records = ImmutableArray.CreateBuilder<DeliveryRecord>();
        foreach (var line in File.ReadAllLines(Path))
        {
            try
            {
                if (JsonSerializer.Deserialize<DeliveryRecord>(line, Json) is { } record)
                {
                    records.Add(record);
                }
            }
            catch (JsonException)
            {
                // Torn or foreign: not a record.
            }
        }

        return records.ToImmutable();
    }
}
