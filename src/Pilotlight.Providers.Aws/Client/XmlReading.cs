using System.Globalization;
using System.Xml.Linq;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>Reads XML responses by local name only: the services' namespaces differ by version and moto's sometimes differ from AWS's.</summary>
internal static class XmlReading
{
    /// <summary>The response's root element; an answer that is not XML is a failed call (an <see cref="AwsException"/>), never an internal error.</summary>
    public static XElement Root(string body)
    {
        try
        {
            return XDocument.Parse(body).Root ?? throw new AwsException("empty XML response");
        }
        catch (System.Xml.XmlException e)
        {
            throw new AwsException(body.Length == 0 ? "an empty answer where AWS sends XML" : $"an answer that is not XML ({e.Message})", e);
        }
    }

    public static XElement? Child(this XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The children of the list element <paramref name="list"/> (whatever their element name: member, item, ...).</summary>
    public static IEnumerable<XElement> Items(this XElement? parent, string list) => parent.Child(list)?.Elements() ?? [];

    public static IEnumerable<XElement> All(this XElement parent, string name) => parent.Descendants().Where(e => e.Name.LocalName == name);

    public static string? Text(this XElement? parent, string name) => parent.Child(name)?.Value;

    public static int? Int(this XElement? parent, string name) =>
        int.TryParse(parent.Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static long? Long(this XElement? parent, string name) =>
        long.TryParse(parent.Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static double? Double(this XElement? parent, string name) =>
        double.TryParse(parent.Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static bool? Bool(this XElement? parent, string name) => parent.Text(name) switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };
}
