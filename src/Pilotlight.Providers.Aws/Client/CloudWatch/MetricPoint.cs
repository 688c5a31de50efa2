namespace Pilotlight.Providers.Aws.Client.CloudWatch;

/// <summary>One datapoint of a metric: when, and the statistics asked for (null when not asked).</summary>
internal sealed record MetricPoint(DateTimeOffset Timestamp, double? Average, double? Maximum, string? Unit);
