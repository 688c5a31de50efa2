using System.Collections.Immutable;
using System.Text;
using System.Xml.Linq;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>A rest-xml request (Route 53): a method and path, optional query string, and an XML body in the service's namespace, written as botocore writes it (no declaration, no indentation).</summary>
internal static class RestXmlBody
{
    public static XNamespace Namespace(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return $"https://{service.EndpointPrefix}.amazonaws.com/doc/{service.ApiVersion}/";
    }

    public static AwsRequest Request(AwsService service, string operation, string method, string path, XElement? body = null, IEnumerable<KeyValuePair<string, string?>>? query = null) => new()
    {
        Service = service,
        Operation = operation,
        Method = method,
        Path = path,
        Query = [.. (query ?? []).Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!))],
        Body = body is null ? [] : [.. Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting))],
    };

    /// <summary>An element in the service's namespace, or null when it has no content (botocore leaves out unset members).</summary>
    public static XElement? Element(XNamespace ns, string name, object? content) => content switch
    {
        null => null,
        bool b => new XElement(ns + name, b ? "true" : "false"),
        _ => new XElement(ns + name, content),
    };

    /// <summary>A percent-encoded path label.</summary>
    public static string Label(string value) => SigV4.Encode(value);
}
