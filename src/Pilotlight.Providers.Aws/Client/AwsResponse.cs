namespace Pilotlight.Providers.Aws.Client;

/// <summary>A successful AWS response: its status and body text (XML or JSON, by protocol).</summary>
internal sealed record AwsResponse(int Status, string Body);
