using System.Globalization;

namespace Pilotlight.Providers.Aws.Client.CloudWatch;

/// <summary>
/// CloudWatch GetMetricStatistics on the query protocol (API 2010-08-01; botocore now prefers CBOR for CloudWatch but
/// the service still speaks query): the lag of an RDS read replica, <c>AWS/RDS ReplicaLag</c> by DBInstanceIdentifier
/// (seconds), and of an Aurora global database's secondary, <c>AWS/RDS AuroraGlobalDBReplicationLag</c> by
/// DBClusterIdentifier (milliseconds).
/// </summary>
internal sealed class CloudWatchApi(AwsClient client)
{
    public static AwsRequest ReplicaLagRequest(string replica, DateTimeOffset start, DateTimeOffset end, int periodSeconds) =>
        RdsMetricRequest("ReplicaLag", "DBInstanceIdentifier", replica, start, end, periodSeconds);

    public static AwsRequest AuroraGlobalLagRequest(string secondaryCluster, DateTimeOffset start, DateTimeOffset end, int periodSeconds) =>
        RdsMetricRequest("AuroraGlobalDBReplicationLag", "DBClusterIdentifier", secondaryCluster, start, end, periodSeconds);

    /// <summary>The replica's lag datapoints between <paramref name="start"/> and <paramref name="end"/>, oldest first; empty when RDS has published none.</summary>
    public Task<IReadOnlyList<MetricPoint>> ReplicaLagAsync(string region, string replica, DateTimeOffset start, DateTimeOffset end, int periodSeconds, CancellationToken cancellationToken) =>
        StatisticsAsync(ReplicaLagRequest(replica, start, end, periodSeconds), region, cancellationToken);

    /// <summary>The secondary cluster's global replication lag datapoints (milliseconds), oldest first; empty when Aurora has published none.</summary>
    public Task<IReadOnlyList<MetricPoint>> AuroraGlobalLagAsync(string region, string secondaryCluster, DateTimeOffset start, DateTimeOffset end, int periodSeconds, CancellationToken cancellationToken) =>
        StatisticsAsync(AuroraGlobalLagRequest(secondaryCluster, start, end, periodSeconds), region, cancellationToken);

    private static AwsRequest RdsMetricRequest(string metric, string dimension, string value, DateTimeOffset start, DateTimeOffset end, int periodSeconds)
    {
        var form = new QueryForm(AwsService.CloudWatch, "GetMetricStatistics").Add("Namespace", "AWS/RDS").Add("MetricName", metric);
        return form
            .AddList("Dimensions", [value], (prefix, id) => form.Add($"{prefix}.Name", dimension).Add($"{prefix}.Value", id))
            .Add("StartTime", start)
            .Add("EndTime", end)
            .Add("Period", periodSeconds)
            .AddList("Statistics", ["Average", "Maximum"])
            .ToRequest();
    }

    private async Task<IReadOnlyList<MetricPoint>> StatisticsAsync(AwsRequest request, string region, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(request, region, cancellationToken);
        return [.. XmlReading.Root(response.Body).All("Datapoints").SelectMany(l => l.Elements())
            .Select(p => new MetricPoint(DateTimeOffset.Parse(p.Text("Timestamp") ?? "", CultureInfo.InvariantCulture), p.Double("Average"), p.Double("Maximum"), p.Text("Unit")))
            .OrderBy(p => p.Timestamp)];
    }
}
