using System.Globalization;
using System.Text;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>
/// The body of a query-protocol request: Action, Version, then the parameters in the order they are added, flattened
/// the way botocore's query serializer flattens them (<c>Names.member.1</c>, <c>A.B.C</c>) and form-encoded as Python's
/// urlencode encodes them, so the bytes (and their signature) match the AWS CLI's.
/// </summary>
internal sealed class QueryForm
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public QueryForm(AwsService service, string operation)
    {
        ArgumentNullException.ThrowIfNull(service);
        Service = service;
        Operation = operation;
        _parameters.Add(new("Action", operation));
        _parameters.Add(new("Version", service.ApiVersion));
    }

    public AwsService Service { get; }

    public string Operation { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    public QueryForm Add(string name, string? value)
    {
        if (value is not null)
        {
            _parameters.Add(new(name, value));
        }

        return this;
    }

    public QueryForm Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryForm Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "true" : "false");

    public QueryForm Add(string name, DateTimeOffset? value) =>
        Add(name, value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>A list of strings as <c>name.member.1</c>, ... (or another member name); nothing when null, <c>name=</c> when empty, as botocore does.</summary>
    public QueryForm AddList(string name, IReadOnlyCollection<string>? values, string member = "member")
    {
        if (values is null)
        {
            return this;
        }

        if (values.Count == 0)
        {
            return Add(name, "");
        }

        var i = 0;
        foreach (var value in values)
        {
            Add($"{name}.{member}.{++i}", value);
        }

        return this;
    }

    /// <summary>A list of structures: <paramref name="each"/> adds one element's members under the prefix it is given.</summary>
    public QueryForm AddList<T>(string name, IReadOnlyCollection<T>? values, Action<string, T> each, string member = "member")
    {
        ArgumentNullException.ThrowIfNull(each);
        if (values is null)
        {
            return this;
        }

        if (values.Count == 0)
        {
            return Add(name, "");
        }

        var i = 0;
        foreach (var value in values)
        {
            each($"{name}.{member}.{++i}", value);
        }

        return this;
    }

    public AwsRequest ToRequest() => new()
    {
        Service = Service,
        Operation = Operation,
        Headers = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty
            .Add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        Body = [.. Encoding.UTF8.GetBytes(string.Join('&', _parameters.Select(p => $"{FormEncode(p.Key)}={FormEncode(p.Value)}")))],
    };

    /// <summary>Python's quote_plus: unreserved characters stay, a space is '+', everything else %XX of its UTF-8 bytes.</summary>
    private static string FormEncode(string value) => SigV4.Encode(value).Replace("%20", "+", StringComparison.Ordinal);
}
