using Pilotlight.Core.Plans;

using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Providers;

public sealed class AwsSchemaTests
{
    private static string[] Problems(string find, string replace)
    {
        var text = File.ReadAllText(Plans.SamplePlans.Example("aws.yaml")).Replace(find, replace, StringComparison.Ordinal);
        return [.. PlanFile.Parse("aws.yaml", text, TestProviders.Registry, FixedClock.At2026).Problems.Select(p => p.ToString())];
    }

    [Fact]
    public void AwsExample_IsValid() => Problems("shop", "shop").ShouldBeEmpty();

    [Fact]
    public void AwsExample_SecondaryWithoutFenceEndpoint_IsValid() =>
        Problems("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, fence_endpoint: maintenance.example.com }", "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d }").ShouldBeEmpty("the SECONDARY is fenced by its check (Route 53 then answers the PRIMARY)");

    [Fact]
    public void AwsExample_TestNetFenceEndpoint_IsValid() =>
        Problems("fence_endpoint: maintenance.example.com }\n    us:", "fence_endpoint: 192.0.2.1 }\n    us:").ShouldBeEmpty();

    [Theory]
    [InlineData("instance: shop-db-eu,", "instance: 1shop,", "aws.yaml:23:21: database.config.eu.instance: '1shop' is not a valid instance; expected 1-63 letters, digits or hyphens, starting with a letter, no two hyphens in a row, not ending with one")]
    [InlineData("bucket: shop-assets-us-west-2,", "bucket: Shop_Assets,", "aws.yaml:31:19: objects.config.us.bucket: 'Shop_Assets' is not a valid bucket; expected 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit")]
    [InlineData("hosted_zone_id: Z0123456789ABCDEFGHIJ", "hosted_zone_id: abc", "aws.yaml:50:21: traffic.config.hosted_zone_id: 'abc' is not a valid hosted_zone_id; expected a hosted zone id such as Z0123456789ABCDEFGHIJ")]
    [InlineData("region: us-west-2", "region: lab-b", "aws.yaml:24:9: database.config.us: site 'us' has region 'lab-b', which is not an AWS region; expected a site region such as eu-west-1, or region: here")]
    [InlineData("us: { bucket: shop-assets-us-west-2,", "us: { bucket: shop-assets-eu-west-1,", "aws.yaml:31:9: objects.config.us: has the same bucket as site 'eu' (shop-assets-eu-west-1); expected each site its own bucket")]
    [InlineData("record_name: shop.example.com", "record_name: shop", "aws.yaml:51:18: traffic.config.record_name: 'shop' is not a valid record_name; expected a DNS name such as shop.example.com")]
    [InlineData("health_check: 7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "health_check: hc-us", "aws.yaml:54:83: traffic.config.us.health_check: 'hc-us' is not a valid health_check; expected the id of the site's CALCULATED Route 53 health check, e.g. 0f6e3c2a-52b1-4c1e-9a3e-6d1f2b3c4d5e")]
    [InlineData("health_check: 7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "health_check: 0f6e3c2a-52b1-4c1e-9a3e-6d1f2b3c4d5e", "aws.yaml:54:9: traffic.config.us: has the same health_check as site 'eu' (0f6e3c2a-52b1-4c1e-9a3e-6d1f2b3c4d5e); expected each site its own health_check")]
    [InlineData(", fence_endpoint: maintenance.example.com }\n    us:", " }\n    us:", "aws.yaml:53:9: traffic.config.eu.fence_endpoint: is missing: the PRIMARY's record cannot be fenced before the standby is promoted without it; expected where the site's record points while it is fenced: a maintenance page's load balancer or CloudFront name, or for an A record a TEST-NET address such as 192.0.2.1")]
    [InlineData("fence_endpoint: maintenance.example.com }\n    us:", "fence_endpoint: maintenance }\n    us:", "aws.yaml:53:137: traffic.config.eu.fence_endpoint: 'maintenance' is not a valid fence_endpoint; expected where the site's record points while it is fenced: a maintenance page's load balancer or CloudFront name, or for an A record a TEST-NET address such as 192.0.2.1")]
    [InlineData("fence_endpoint: maintenance.example.com }\n    us:", "fence_endpoint: shop-eu-1234567890.eu-west-1.elb.amazonaws.com }\n    us:", "aws.yaml:53:137: traffic.config.eu.fence_endpoint: is the site's own endpoint (shop-eu-1234567890.eu-west-1.elb.amazonaws.com); expected where the site's record points while it is fenced: a maintenance page's load balancer or CloudFront name, or for an A record a TEST-NET address such as 192.0.2.1")]
    [InlineData("    hosted_zone_id: Z0123456789ABCDEFGHIJ\n", "", "aws.yaml:50:5: traffic.config.hosted_zone_id: is missing; expected a hosted zone id such as Z0123456789ABCDEFGHIJ")]
    [InlineData("fence_security_group: sg-0fe0ce0000000000e", "fence_security_group: fence", "aws.yaml:23:85: database.config.eu.fence_security_group: 'fence' is not a valid fence_security_group; expected a VPC security group id such as sg-0fe0ce0000000000e")]
    public void AwsExample_BadValue_ReportedByItsProvider(string find, string replace, string expected)
    {
        var problems = Problems(find, replace);

        problems.ShouldContain(expected);
    }
}
