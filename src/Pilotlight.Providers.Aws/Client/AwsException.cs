namespace Pilotlight.Providers.Aws.Client;

/// <summary>
/// An AWS operation that failed: the error AWS returned (or the connection failure), in one line that names the service,
/// operation, region and error code, e.g. "rds DescribeDBInstances in eu-west-1: DBInstanceNotFound: DBInstance shop-db-eu not found"
/// (an <see cref="IOException"/>: a remote call that failed, handled and printed like any other).
/// </summary>
public sealed class AwsException : IOException
{
    public AwsException()
    {
    }

    public AwsException(string message)
        : base(message)
    {
    }

    public AwsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal AwsException(string service, string operation, string region, int status, string code, string awsMessage, Exception? inner = null)
        : base($"{service} {operation} in {region}: {code}" + (awsMessage.Length > 0 ? $": {awsMessage}" : ""), inner)
    {
        Service = service;
        Operation = operation;
        Region = region;
        Status = status;
        Code = code;
        AwsMessage = awsMessage;
    }

    public string Service { get; } = "";

    public string Operation { get; } = "";

    public string Region { get; } = "";

    /// <summary>The HTTP status; 0 when no response came.</summary>
    public int Status { get; }

    /// <summary>The AWS error code, e.g. <c>DBInstanceNotFound</c> or <c>ThrottlingException</c>.</summary>
    public string Code { get; } = "";

    public string AwsMessage { get; } = "";
}
