using System.Text.Json.Nodes;
using Pilotlight.Providers.Aws.Client;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>One operation built twice: by the C# client (<see cref="Request"/>) and by botocore from the same parameters (<see cref="Parameters"/>, as the AWS CLI would be given them).</summary>
internal sealed record BotocoreCase(string Id, string BotocoreService, AwsRequest Request, string Parameters)
{
    public string Protocol => Request.Service.Protocol switch
    {
        AwsProtocol.Query => "query",
        AwsProtocol.Json => "json",
        _ => "rest-xml",
    };

    public override string ToString() => Id;

    public JsonObject ToJson(Uri endpoint, string region) => new()
    {
        ["id"] = Id,
        ["service"] = BotocoreService,
        ["operation"] = Request.Operation,
        ["protocol"] = Protocol,
        ["params"] = JsonNode.Parse(Parameters),
        ["endpoint"] = endpoint.ToString().TrimEnd('/'),
        ["region"] = region,
        ["signingName"] = Request.Service.SigningName,
    };
}
