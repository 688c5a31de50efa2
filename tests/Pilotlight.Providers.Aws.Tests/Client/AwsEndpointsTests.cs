using Pilotlight.Providers.Aws.Client;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>Endpoints and regions are chosen as the AWS CLI chooses them.</summary>
public sealed class AwsEndpointsTests
{
    [Theory]
    [InlineData("rds", "eu-west-1", "https://rds.eu-west-1.amazonaws.com/", "eu-west-1")]
    [InlineData("autoscaling", "us-west-2", "https://autoscaling.us-west-2.amazonaws.com/", "us-west-2")]
    [InlineData("cloudwatch", "us-west-2", "https://monitoring.us-west-2.amazonaws.com/", "us-west-2")]
    [InlineData("secretsmanager", "cn-north-1", "https://secretsmanager.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("route53", "eu-west-1", "https://route53.amazonaws.com/", "us-east-1")]
    public void Default_PublicEndpoint(string service, string region, string url, string signingRegion)
    {
        var target = new AwsEndpoints(_ => null).Resolve(Service(service), region);

        (target.Url.ToString(), target.SigningRegion).ShouldBe((url, signingRegion));
    }

    [Fact]
    public void ServiceEndpoint_WinsOverGlobal_AndIgnoreFlagDisablesBoth()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL_AUTO_SCALING"] = "http://127.0.0.1:5000",
            ["AWS_ENDPOINT_URL_ROUTE_53"] = "http://127.0.0.1:5001",
        };
        var endpoints = new AwsEndpoints(n => environment.GetValueOrDefault(n));

        endpoints.Resolve(AwsService.AutoScaling, "us-west-2").Url.Port.ShouldBe(5000);
        endpoints.Resolve(AwsService.Rds, "us-west-2").Url.Port.ShouldBe(4566);
        endpoints.Resolve(AwsService.Route53, "us-west-2").ShouldBe(new SignedTarget(new Uri("http://127.0.0.1:5001"), "us-east-1"));
        environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        endpoints.Resolve(AwsService.Rds, "us-west-2").Url.Host.ShouldBe("rds.us-west-2.amazonaws.com");
    }

    [Theory]
    [InlineData("RDS")]
    [InlineData("AUTO_SCALING")]
    [InlineData("ROUTE_53")]
    [InlineData("SECRETS_MANAGER")]
    [InlineData("SNS")]
    [InlineData("ECS")]
    [InlineData("CLOUDWATCH")]
    public void ServiceEndpointVariable_NamedAsBotocoreNamesIt(string id) =>
        new[] { AwsService.Rds, AwsService.AutoScaling, AwsService.Route53, AwsService.SecretsManager, AwsService.Sns, AwsService.Ecs, AwsService.CloudWatch }
            .Select(s => s.EndpointId).ShouldContain(id);

    [Fact]
    public void Region_CallThenAwsRegionThenDefault()
    {
        var environment = new Dictionary<string, string> { ["AWS_DEFAULT_REGION"] = "eu-central-1" };
        var endpoints = new AwsEndpoints(n => environment.GetValueOrDefault(n));

        endpoints.Region(null).ShouldBe("eu-central-1");
        environment["AWS_REGION"] = "us-west-2";
        endpoints.Region(null).ShouldBe("us-west-2");
        endpoints.Region("eu-west-1").ShouldBe("eu-west-1");
    }

    [Theory]
    [InlineData(null, "no AWS region: give the site a region or set AWS_REGION")]
    [InlineData("Europe", "'Europe' is not an AWS region; expected a name such as eu-west-1")]
    public void Region_MissingOrMalformed_OneLine(string? region, string message) =>
        Should.Throw<AwsConfigurationException>(() => new AwsEndpoints(_ => null).Region(region)).Message.ShouldBe(message);

    [Fact]
    public void EndpointUrl_NotHttp_OneLine() =>
        Should.Throw<AwsConfigurationException>(() => new AwsEndpoints(n => n == "AWS_ENDPOINT_URL" ? "localhost:4566" : null).Resolve(AwsService.Sns, "us-west-2"))
            .Message.ShouldBe("the endpoint URL 'localhost:4566' for sns is not an http(s) URL");

    private static AwsService Service(string name) =>
        new[] { AwsService.Rds, AwsService.AutoScaling, AwsService.CloudWatch, AwsService.SecretsManager, AwsService.Route53 }.Single(s => s.Name == name);
}
