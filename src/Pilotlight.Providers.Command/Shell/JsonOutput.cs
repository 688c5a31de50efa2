using System.Text.Json;

namespace Pilotlight.Providers.Command.Shell;

/// <summary>Reads what a command printed as one JSON object.</summary>
internal static class JsonOutput
{
    /// <summary>The object <paramref name="output"/> holds; null when it is not one JSON object.</summary>
    public static JsonElement? Object(string output)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An optional boolean: absent or null gives null; false when the value is of another kind.</summary>
    public static bool TryOptionalBool(JsonElement parent, string name, out bool? value)
    {
        value = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return false;
        }

        value = element.GetBoolean();
        return true;
    }

    /// <summary>An optional string: absent or null gives null; false when the value is of another kind.</summary>
    public static bool TryOptionalString(JsonElement parent, string name, out string? value)
    {
        value = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }
}
