using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pilotlight.Providers.Aws.Client.Ecs;

/// <summary>The ECS operations Pilotlight needs (json protocol, API 2014-11-13): read services and their task definitions, set their desired count.</summary>
internal sealed class EcsApi(AwsClient client)
{
    public static AwsRequest DescribeServicesRequest(string cluster, IReadOnlyCollection<string> services) =>
        JsonBody.Request(AwsService.Ecs, "DescribeServices", JsonBody.Object(("cluster", cluster), ("services", JsonBody.Array(services))));

    public static AwsRequest UpdateServiceRequest(string cluster, string service, int? desiredCount, string? taskDefinition = null, bool? forceNewDeployment = null) =>
        JsonBody.Request(AwsService.Ecs, "UpdateService", JsonBody.Object(
            ("cluster", cluster), ("service", service), ("desiredCount", desiredCount), ("taskDefinition", taskDefinition), ("forceNewDeployment", forceNewDeployment)));

    public static AwsRequest DescribeTaskDefinitionRequest(string taskDefinition) =>
        JsonBody.Request(AwsService.Ecs, "DescribeTaskDefinition", JsonBody.Object(("taskDefinition", taskDefinition)));

    /// <summary>The services found; a service ECS does not know is an <see cref="AwsException"/> with code ServiceNotFound (ECS reports it as a "failure", not an error).</summary>
    public async Task<IReadOnlyList<EcsService>> DescribeServicesAsync(string region, string cluster, IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        var request = DescribeServicesRequest(cluster, services);
        var response = await client.SendAsync(request, region, cancellationToken);
        using var document = JsonDocument.Parse(response.Body);
        if (document.RootElement.TryGetProperty("failures", out var failures) && failures.GetArrayLength() > 0)
        {
            var first = failures[0];
            throw new AwsException("ecs", request.Operation, client.Endpoints.Region(region), response.Status, "ServiceNotFound",
                $"{Text(first, "arn")}: {Text(first, "reason")}");
        }

        return [.. document.RootElement.GetProperty("services").EnumerateArray().Select(Read)];
    }

    public async Task<EcsService> UpdateServiceAsync(string region, string cluster, string service, int desiredCount, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(UpdateServiceRequest(cluster, service, desiredCount), region, cancellationToken);
        using var document = JsonDocument.Parse(response.Body);
        return Read(document.RootElement.GetProperty("service"));
    }

    /// <summary>A task definition by family:revision or ARN; one ECS does not know is an <see cref="AwsException"/> (ClientException).</summary>
    public async Task<EcsTaskDefinition> DescribeTaskDefinitionAsync(string region, string taskDefinition, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(DescribeTaskDefinitionRequest(taskDefinition), region, cancellationToken);
        using var document = JsonDocument.Parse(response.Body);
        var e = document.RootElement.GetProperty("taskDefinition");
        return new EcsTaskDefinition(Text(e, "taskDefinitionArn") ?? taskDefinition, Text(e, "family") ?? "", Int(e, "revision"), Text(e, "status"));
    }

    private static EcsService Read(JsonElement e) => new(
        Text(e, "serviceName") ?? "", Text(e, "serviceArn"), Text(e, "status"),
        Int(e, "desiredCount"), Int(e, "runningCount"), Int(e, "pendingCount"), Text(e, "taskDefinition"));

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
}
