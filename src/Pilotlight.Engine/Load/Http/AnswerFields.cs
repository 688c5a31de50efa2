using System.Text.Json;

namespace Pilotlight.Engine.Load.Http;

/// <summary>The top-level <c>id</c> (a whole number) and <c>site</c> (a text) of a JSON answer, when it has them; anything else is ignored.</summary>
internal static class AnswerFields
{
    public static (long? Id, string? Site) Read(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || body[0] != (byte)'{')
        {
            return (null, null);
        }

        long? id = null;
        string? site = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                var isSite = !isId && reader.ValueTextEquals("site"u8);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                {
                    id = value;
                }
                else if (isSite && reader.TokenType == JsonTokenType.String)
                {
                    site = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // An acknowledged write whose answer is not JSON is still acknowledged; it just names no id or site.
        }

        return (id, site);
    }
}
