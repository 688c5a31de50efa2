using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>
/// A json-protocol request (x-amz-json-1.1): the operation in X-Amz-Target, the input as JSON written as botocore
/// writes it (Python's json.dumps: ", " and ": " separators, non-ASCII escaped), so the bytes and signature match.
/// </summary>
internal static class JsonBody
{
    public static AwsRequest Request(AwsService service, string operation, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(input);
        var text = new StringBuilder();
        Write(text, input);
        return new AwsRequest
        {
            Service = service,
            Operation = operation,
            Headers = ImmutableDictionary<string, string>.Empty
                .Add("X-Amz-Target", $"{service.TargetPrefix}.{operation}")
                .Add("Content-Type", "application/x-amz-json-1.1"),
            Body = [.. Encoding.UTF8.GetBytes(text.ToString())],
        };
    }

    /// <summary>Copies the non-null members of <paramref name="values"/> into a JSON object, in order.</summary>
    public static JsonObject Object(params (string Name, JsonNode? Value)[] values)
    {
        var node = new JsonObject();
        foreach (var (name, value) in values)
        {
            if (value is not null)
            {
                node[name] = value;
            }
        }

        return node;
    }

    public static JsonArray? Array(IEnumerable<string>? values) => values is null ? null : new JsonArray([.. values.Select(v => (JsonNode)v)]);

    private static void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{').AppendJoin(", ", obj.Select(p => Member(p.Key, p.Value))).Append('}');
                break;
            case JsonArray array:
                text.Append('[').AppendJoin(", ", array.Select(Text)).Append(']');
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                WriteString(text, value.GetValue<string>());
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    private static string Member(string name, JsonNode? value)
    {
        var text = new StringBuilder();
        WriteString(text, name);
        text.Append(": ");
        Write(text, value);
        return text.ToString();
    }

    private static string Text(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' or > '\x7f' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        text.Append('"');
    }
}
