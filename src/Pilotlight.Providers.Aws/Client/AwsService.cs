namespace Pilotlight.Providers.Aws.Client;

/// <summary>
/// What the client needs to know about one AWS service: how its endpoint and signature are named, its protocol and
/// API version. The values are those of botocore's service model, so requests match what the AWS CLI sends.
/// </summary>
internal sealed record AwsService
{
    /// <summary>The name in <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c> (botocore's service id, upper case, spaces as underscores).</summary>
    public required string EndpointId { get; init; }

    /// <summary>The host prefix of the default endpoint, e.g. <c>rds</c> or <c>monitoring</c>.</summary>
    public required string EndpointPrefix { get; init; }

    /// <summary>The service name in the SigV4 credential scope.</summary>
    public required string SigningName { get; init; }

    /// <summary>How the user names the service in messages (<c>rds</c>, <c>autoscaling</c>, ...).</summary>
    public required string Name { get; init; }

    public required AwsProtocol Protocol { get; init; }

    public required string ApiVersion { get; init; }

    /// <summary>The X-Amz-Target prefix of the json protocol.</summary>
    public string? TargetPrefix { get; init; }

    /// <summary>A global endpoint and the region it is signed for (Route 53: us-east-1), instead of a regional one.</summary>
    public (Uri Endpoint, string SigningRegion)? Global { get; init; }

    public static readonly AwsService Rds = Query("rds", "RDS", "rds", "2014-10-31");
    public static readonly AwsService AutoScaling = Query("autoscaling", "AUTO_SCALING", "autoscaling", "2011-01-01");
    public static readonly AwsService Sns = Query("sns", "SNS", "sns", "2010-03-31");
    public static readonly AwsService CloudWatch = Query("monitoring", "CLOUDWATCH", "cloudwatch", "2010-08-01");

    public static readonly AwsService Ecs = new()
    {
        EndpointId = "ECS", EndpointPrefix = "ecs", SigningName = "ecs", Name = "ecs", Protocol = AwsProtocol.Json,
        ApiVersion = "2014-11-13", TargetPrefix = "AmazonEC2ContainerServiceV20141113",
    };

    public static readonly AwsService SecretsManager = new()
    {
        EndpointId = "SECRETS_MANAGER", EndpointPrefix = "secretsmanager", SigningName = "secretsmanager", Name = "secretsmanager",
        Protocol = AwsProtocol.Json, ApiVersion = "2017-10-17", TargetPrefix = "secretsmanager",
    };

    public static readonly AwsService Route53 = new()
    {
        EndpointId = "ROUTE_53", EndpointPrefix = "route53", SigningName = "route53", Name = "route53", Protocol = AwsProtocol.RestXml,
        ApiVersion = "2013-04-01", Global = (new Uri("https://route53.amazonaws.com"), "us-east-1"),
    };

    private static AwsService Query(string prefix, string id, string name, string version) => new()
    {
        EndpointId = id, EndpointPrefix = prefix, SigningName = prefix, Name = name, Protocol = AwsProtocol.Query, ApiVersion = version,
    };
}
