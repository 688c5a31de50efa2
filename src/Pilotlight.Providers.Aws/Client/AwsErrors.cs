using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>Reads the error code and message out of a failed response of each protocol, and says which errors are worth retrying.</summary>
internal static class AwsErrors
{
    // The codes AWS documents as throttling (botocore's retry handler and the SDKs retry exactly these), plus Route 53's
    // "another change is still being applied".
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    /// <summary>True for throttling codes, 429 and 5xx: AWS says try again. Other 4xx are the caller's mistake and never retried.</summary>
    public static bool IsRetryable(int status, string code) => status >= 500 || status == 429 || Throttling.Contains(code);

    /// <summary>The error's code and message; when the body says nothing, the HTTP status stands for both.</summary>
    public static (string Code, string Message) Parse(AwsProtocol protocol, int status, string body, string? errorTypeHeader)
    {
        var (code, message) = protocol == AwsProtocol.Json ? FromJson(body, errorTypeHeader) : FromXml(body);
        return (string.IsNullOrEmpty(code) ? $"HTTP{status}" : code, OneLine(message ?? ""));
    }

    private static (string? Code, string? Message) FromJson(string body, string? header)
    {
        string? type = header;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("__type") || property.NameEquals("code"))
                    {
                        type ??= property.Value.GetString();
                    }
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                    {
                        message = property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            message = body.Length > 200 ? body[..200] : body;
        }

        // "aws.protocoltests#FooError:http://internal.amazon.com/coral/..." → FooError
        if (type is not null)
        {
            type = type.Split(':')[0];
            type = type[(type.LastIndexOf('#') + 1)..];
        }

        return (type, message);
    }

    private static (string? Code, string? Message) FromXml(string body)
    {
        try
        {
            var root = XDocument.Parse(body).Root;
            var error = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error") ?? root;
            return (Child(error, "Code"), Child(error, "Message"));
        }
        catch (XmlException)
        {
            return (null, Excerpt(body));
        }
    }

    /// <summary>
    /// What a body that is no XML says: an HTML error page's title (moto's 500 for an operation it lacks is Flask's
    /// page "500 Internal Server Error"), else its first 200 characters.
    /// </summary>
    private static string Excerpt(string body)
    {
        var start = body.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        var end = start < 0 ? -1 : body.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
        return end > start ? body[(start + "<title>".Length)..end].Trim() : body.Length > 200 ? body[..200] : body;
    }

    private static string? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
