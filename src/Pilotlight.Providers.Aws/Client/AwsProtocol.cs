namespace Pilotlight.Providers.Aws.Client;

/// <summary>The wire protocols of the AWS services Pilotlight drives, as botocore's service models name them.</summary>
internal enum AwsProtocol
{
    /// <summary>Form-encoded POST with Action and Version, XML responses (RDS, Auto Scaling, SNS, CloudWatch).</summary>
    Query,

    /// <summary>POST of JSON with an X-Amz-Target header, JSON responses (ECS, Secrets Manager).</summary>
    Json,

    /// <summary>REST paths with XML bodies (Route 53).</summary>
    RestXml,
}
