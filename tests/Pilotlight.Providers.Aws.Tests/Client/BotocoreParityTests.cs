using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using System.Xml.Linq;
using Amazon.Runtime;
using Pilotlight.Providers.Aws.Client;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>
/// Each operation is built and signed by the client and by botocore (the AWS CLI's serializer and SigV4 signer) with the
/// same credentials, region and clock; method, URL, body, signed headers and signature must agree.
/// </summary>
public sealed class BotocoreParityTests(BotocoreParityTests.Signatures signatures) : IClassFixture<BotocoreParityTests.Signatures>
{
    private const string Region = "eu-west-1";
    private static readonly DateTimeOffset SignedAt = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ImmutableCredentials Plain = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly ImmutableCredentials Session = new("ASIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLETOKEN//////////wEaDK");

    public static TheoryData<string> Cases => [.. BotocoreCases.All.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_MatchesBotocore(string id)
    {
        var expected = (await signatures.Plain)[id];
        Compare(BotocoreCases.All.Single(c => c.Id == id), expected, Plain);
    }

    [Theory]
    [InlineData("rds-describe-one")]
    [InlineData("rds-failover-global-cluster")]
    [InlineData("ecs-update")]
    [InlineData("route53-change")]
    public async Task Request_WithSessionToken_MatchesBotocore(string id)
    {
        var expected = (await signatures.WithToken)[id];
        ((string)expected["headers"]!["x-amz-security-token"]!).ShouldBe(Session.Token);
        Compare(BotocoreCases.All.Single(c => c.Id == id), expected, Session);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_AtAwsEndpointUrlWithPort_MatchesBotocore(string id)
    {
        var expected = (await signatures.AtLocalEndpoint)[id];
        ((string)expected["url"]!).ShouldStartWith("http://127.0.0.1:4566/");
        Compare(BotocoreCases.All.Single(c => c.Id == id), expected, Plain, LocalEndpoint);
    }

    private static void Compare(BotocoreCase @case, JsonObject expected, ImmutableCredentials credentials, AwsEndpoints? endpoints = null)
    {
        var target = AwsEndpoints.Address(Endpoint(@case, endpoints), @case.Request);
        var headers = SigV4.Sign(target, @case.Request, credentials, SignedAt);
        var body = Encoding.UTF8.GetString([.. @case.Request.Body]);

        @case.Request.Method.ShouldBe((string)expected["method"]!);
        target.Url.ToString().ShouldBe((string)expected["url"]!);
        CompareBodies(@case.Request.Service.Protocol, body, (string)expected["body"]!);

        var authorization = headers["authorization"];
        var fields = authorization["AWS4-HMAC-SHA256 ".Length..].Split(", ").Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        fields["Credential"].ShouldBe((string)expected["credential"]!);
        fields["SignedHeaders"].ShouldBe((string)expected["signedHeaders"]!);
        foreach (var name in fields["SignedHeaders"].Split(';').Where(n => n != "host"))
        {
            headers.ShouldContainKey(name);
            headers[name].ShouldBe((string)expected["headers"]![name]!, $"header {name}");
        }

        fields["Signature"].ShouldBe((string)expected["signature"]!, "the signature (the bodies and headers above agree, so the canonical request or key derivation differs)");
    }

    private static void CompareBodies(AwsProtocol protocol, string actual, string expected)
    {
        switch (protocol)
        {
            case AwsProtocol.Query:
                Form(actual).ShouldBe(Form(expected), ignoreOrder: true);
                break;
            case AwsProtocol.Json:
                JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected)).ShouldBeTrue($"JSON bodies differ:\n{actual}\n{expected}");
                break;
            default:
                Canonical(actual).ShouldBe(Canonical(expected));
                break;
        }

        actual.ShouldBe(expected, "the exact bytes (they are signed)");
    }

    private static string[] Form(string body)
    {
        var parsed = HttpUtility.ParseQueryString(body);
        return [.. parsed.AllKeys.Select(k => $"{k}={parsed[k]}")];
    }

    private static string Canonical(string xml) => xml.Length == 0 ? "" : XElement.Parse(xml).ToString(SaveOptions.DisableFormatting | SaveOptions.OmitDuplicateNamespaces);

    // AWS_ENDPOINT_URL as a user sets it for moto or LocalStack: the Host header then carries the port, and is signed.
    private static readonly AwsEndpoints LocalEndpoint = new(n => n == "AWS_ENDPOINT_URL" ? "http://127.0.0.1:4566" : null);

    private static SignedTarget Endpoint(BotocoreCase @case, AwsEndpoints? endpoints = null) =>
        (endpoints ?? new AwsEndpoints(_ => null)).Resolve(@case.Request.Service, Region);

    /// <summary>botocore's results for every case, computed once per run (three python3 runs: without and with a session token, and at a local endpoint).</summary>
    public sealed class Signatures
    {
        public Signatures()
        {
            Plain = RunAsync(BotocoreParityTests.Plain);
            WithToken = RunAsync(Session);
            AtLocalEndpoint = RunAsync(BotocoreParityTests.Plain, LocalEndpoint);
        }

        public Task<Dictionary<string, JsonObject>> AtLocalEndpoint { get; }

        public Task<Dictionary<string, JsonObject>> Plain { get; }

        public Task<Dictionary<string, JsonObject>> WithToken { get; }

        private static Task<Dictionary<string, JsonObject>> RunAsync(ImmutableCredentials credentials, AwsEndpoints? endpoints = null)
        {
            var spec = new JsonObject
            {
                ["accessKey"] = credentials.AccessKey,
                ["secretKey"] = credentials.SecretKey,
                ["token"] = credentials.UseToken ? credentials.Token : null,
                ["timestamp"] = SignedAt.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["cases"] = new JsonArray([.. BotocoreCases.All.Select(c => (JsonNode)c.ToJson(Endpoint(c, endpoints).Url, Endpoint(c, endpoints).SigningRegion))]),
            };
            return Python.BotocoreAsync(spec, CancellationToken.None);
        }
    }
}
