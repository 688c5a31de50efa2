using System.Globalization;

namespace Pilotlight.Providers.Aws.Client.CloudWatch;

/// <summary>
/// CloudWatch GetMetricStatistics on the query protocol (API 2010-08-01; botocore now prefers CBOR for CloudWatch but
/// the service still speaks query): the replica lag of an RDS read replica, <c>AWS/RDS ReplicaLag</c> by DBInstanceIdentifier.
/// </summary>
internal sealed class CloudWatchApi(AwsClient client)
{
    public static AwsRequest ReplicaLagRequest(string replica, DateTimeOffset start, DateTimeOffset end, int periodSeconds)
    {
        var form = new QueryForm(AwsService.CloudWatch, "GetMetricStatistics").Add("Namespace", "AWS/RDS").Add("MetricName", "ReplicaLag");
        return form
            .AddList("Dimensions", [replica], (prefix, id) => form.Add($"{prefix}.Name", "DBInstanceIdentifier").Add($"{prefix}.Value", id))
            .Add("StartTime", start)
            .Add("EndTime", end)
            .Add("Period", periodSeconds)
            .AddList("Statistics", ["Average", "Maximum"])
            .ToRequest();
    }

    /// <summary>The replica's lag datapoints between <paramref name="start"/> and <paramref name="end"/>, oldest first; empty when RDS has published none.</summary>
    public async Task<IReadOnlyList<MetricPoint>> ReplicaLagAsync(string region, string replica, DateTimeOffset start, DateTimeOffset end, int periodSeconds, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(ReplicaLagRequest(replica, start, end, periodSeconds), region, cancellationToken);
        return [.. XmlReading.Root(response.Body).All("Datapoints").SelectMany(l => l.Elements())
            .Select(p => new MetricPoint(DateTimeOffset.Parse(p.Text("Timestamp") ?? "", CultureInfo.InvariantCulture), p.Double("Average"), p.Double("Maximum"), p.Text("Unit")))
            .OrderBy(p => p.Timestamp)];
    }
}
