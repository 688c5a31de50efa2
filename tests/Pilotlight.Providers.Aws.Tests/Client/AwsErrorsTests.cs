using Pilotlight.Providers.Aws.Client;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>Error responses of each protocol, as AWS sends them, become a code and a one-line message.</summary>
public sealed class AwsErrorsTests
{
    [Theory]
    [InlineData("Query", 404, """<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>DBInstance shop-db-eu not found.</Message></Error><RequestId>1</RequestId></ErrorResponse>""", null, "DBInstanceNotFound", "DBInstance shop-db-eu not found.")]
    [InlineData("RestXml", 404, """<?xml version="1.0"?><ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z1</Message></Error><RequestId>1</RequestId></ErrorResponse>""", null, "NoSuchHostedZone", "No hosted zone found with ID: Z1")]
    [InlineData("Json", 400, """{"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."}""", null, "ClusterNotFoundException", "Cluster not found.")]
    [InlineData("Json", 400, """{"__type":"ResourceNotFoundException","Message":"Secrets Manager can't find the specified secret."}""", null, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")]
    [InlineData("Json", 400, """{"message":"Rate exceeded"}""", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException", "Rate exceeded")]
    [InlineData("Query", 502, "<html><body>Bad Gateway</body></html>", null, "HTTP502", "")]
    [InlineData("Json", 500, "Internal error\nat line 2", null, "HTTP500", "Internal error at line 2")]
    [InlineData("Query", 500, "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request.</p>\n", null, "HTTP500", "500 Internal Server Error")]
    public void Parse_EachProtocol(string protocol, int status, string body, string? header, string code, string message) =>
        AwsErrors.Parse(Enum.Parse<AwsProtocol>(protocol), status, body, header).ShouldBe((code, message));

    [Theory]
    [InlineData(400, "Throttling", true)]
    [InlineData(400, "ThrottlingException", true)]
    [InlineData(400, "RequestLimitExceeded", true)]
    [InlineData(400, "TooManyRequestsException", true)]
    [InlineData(400, "PriorRequestNotComplete", true)]
    [InlineData(429, "HTTP429", true)]
    [InlineData(500, "InternalFailure", true)]
    [InlineData(503, "ServiceUnavailable", true)]
    [InlineData(400, "ValidationError", false)]
    [InlineData(403, "AccessDenied", false)]
    [InlineData(403, "SignatureDoesNotMatch", false)]
    [InlineData(404, "DBInstanceNotFound", false)]
    public void IsRetryable_ThrottlingAnd5xxOnly(int status, string code, bool retryable) =>
        AwsErrors.IsRetryable(status, code).ShouldBe(retryable);

    [Fact]
    public void Backoff_BoundedExponentialWithJitter()
    {
        var policy = new AwsRetryPolicy { Random = () => 0.999 };

        policy.DelayAfter(1).TotalMilliseconds.ShouldBe(99.9, 0.01);
        policy.DelayAfter(3).TotalMilliseconds.ShouldBe(399.6, 0.01);
        policy.DelayAfter(20).ShouldBeLessThanOrEqualTo(policy.MaxDelay);
        (policy with { Random = () => 0 }).DelayAfter(3).ShouldBe(TimeSpan.Zero);
    }
}
