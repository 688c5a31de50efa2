using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.EndToEnd;

/// <summary>
/// One request moto's recorder captured: the service and region of its SigV4 scope, its operation (a query form's
/// Action, a JSON request's X-Amz-Target, or a REST request's method and path) and its parameters (a query form's
/// fields; otherwise the body as sent).
/// </summary>
internal sealed record RecordedRequest(string Service, string Region, string Operation, ImmutableSortedDictionary<string, string> Form, string Body, string UserAgent);

/// <summary>moto's request recorder (<c>/moto-api/recorder/…</c>): what every client sent it, in order.</summary>
internal static class MotoRecording
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task StartAsync(MotoServer moto, CancellationToken cancellationToken)
    {
        using var reset = await Http.PostAsync(new Uri(moto.Url, "/moto-api/recorder/reset-recording"), null, cancellationToken);
        using var start = await Http.PostAsync(new Uri(moto.Url, "/moto-api/recorder/start-recording"), null, cancellationToken);
        start.EnsureSuccessStatusCode();
    }

    public static async Task<ImmutableArray<RecordedRequest>> DownloadAsync(MotoServer moto, CancellationToken cancellationToken)
    {
        var text = await Http.GetStringAsync(new Uri(moto.Url, "/moto-api/recorder/download-recording"), cancellationToken);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Read(JsonNode.Parse(l)!.AsObject()))];
    }

    private static RecordedRequest Read(JsonObject line)
    {
        var headers = line["headers"]!.AsObject();
        string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();
        var body = (string?)line["body"] ?? "";
        if ((bool?)line["body_encoded"] == true)
        {
            body = Encoding.UTF8.GetString(Convert.FromBase64String(body));
        }

        var scope = FaultProxy.CredentialScope(Header("Authorization"));
        var form = (Header("Content-Type") ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) ? HttpUtility.ParseQueryString(body) : null;
        var fields = form is null
            ? ImmutableSortedDictionary<string, string>.Empty
            : form.AllKeys.OfType<string>().ToImmutableSortedDictionary(k => k, k => form[k] ?? "", StringComparer.Ordinal);
        var url = new Uri((string)line["url"]!);
        var operation = fields.TryGetValue("Action", out var action) ? action
            : Header("X-Amz-Target") is { } target ? target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..]
            : $"{(string)line["method"]!} {url.AbsolutePath}";
        return new RecordedRequest(scope.ElementAtOrDefault(3) ?? "", scope.ElementAtOrDefault(2) ?? "", operation, fields, body, Header("User-Agent") ?? "");
    }
}
