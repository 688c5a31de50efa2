using System.Text.Json;

namespace Pilotlight.Providers.Aws.Client.SecretsManager;

/// <summary>Secrets Manager DescribeSecret (json protocol, API 2017-10-17): is the secret replicated to the standby region and in sync.</summary>
internal sealed class SecretsManagerApi(AwsClient client)
{
    public static AwsRequest DescribeSecretRequest(string secretId) =>
        JsonBody.Request(AwsService.SecretsManager, "DescribeSecret", JsonBody.Object(("SecretId", secretId)));

    public async Task<SecretDescription> DescribeSecretAsync(string region, string secretId, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(DescribeSecretRequest(secretId), region, cancellationToken);
        using var document = JsonDocument.Parse(response.Body);
        var root = document.RootElement;
        string? current = null;
        if (root.TryGetProperty("VersionIdsToStages", out var versions))
        {
            current = versions.EnumerateObject().FirstOrDefault(v => v.Value.EnumerateArray().Any(s => s.GetString() == "AWSCURRENT")).Name;
        }

        return new SecretDescription
        {
            Name = Text(root, "Name") ?? secretId,
            Arn = Text(root, "ARN"),
            CurrentVersion = current,
            PrimaryRegion = Text(root, "PrimaryRegion"),
            Replicas = root.TryGetProperty("ReplicationStatus", out var replicas)
                ? [.. replicas.EnumerateArray().Select(r => new SecretReplica(Text(r, "Region") ?? "", Text(r, "Status"), Text(r, "StatusMessage")))]
                : [],
        };
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
