using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Notifications;

/// <summary>
/// The exact bytes a webhook receives for a notification. JSON: <c>{"event","plan","at","site","execution","message","details"}</c>
/// (snake_case keys, <c>at</c> in UTC with a Z, <c>site</c> and <c>execution</c> null when the event has none);
/// Slack: <c>{"text": "[plan] event: message"}</c>, one readable line.
/// </summary>
public static class WebhookPayload
{
    private static readonly JsonSerializerOptions Values = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Format(Notification notification, WebhookFormat format)
    {
        ArgumentNullException.ThrowIfNull(notification);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            if (format == WebhookFormat.Slack)
            {
                json.WriteString("text", SlackText(notification));
            }
            else
            {
                json.WriteString("event", notification.Event);
                json.WriteString("plan", notification.Plan);
                json.WriteString("at", notification.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WriteString("site", notification.Site);
                json.WriteString("execution", notification.Execution);
                json.WriteString("message", notification.Message);
                json.WriteStartObject("details");
                foreach (var (key, value) in notification.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
                {
                    json.WritePropertyName(key);
                    WriteValue(json, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The Slack line: the plan in brackets, the event, the message, on one line.</summary>
    public static string SlackText(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return $"[{notification.Plan}] {notification.Event}: {notification.Message.ReplaceLineEndings(" ")}";
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case TimeSpan span:
                json.WriteNumberValue(Math.Round(span.TotalSeconds, 3));
                break;
            case DateTimeOffset instant:
                json.WriteStringValue(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            default:
                try
                {
                    JsonSerializer.Serialize(json, value, value.GetType(), Values);
                }
                catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
                {
                    // A detail that cannot be written as JSON never loses the event: it is sent as text.
                    json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                }

                break;
        }
    }
}
