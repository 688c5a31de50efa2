namespace Pilotlight.Providers.Aws.Client.Route53;

/// <summary>An alias record's target (a load balancer, another record).</summary>
internal sealed record AliasTarget(string HostedZoneId, string DnsName, bool EvaluateTargetHealth);
