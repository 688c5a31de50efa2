using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Pilotlight.Core.Plans;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// The seed plan's Route 53 failover pair provisioned into moto with boto3 as a user's Terraform would, in pilot
/// light: a zone, a CNAME record per site (eu PRIMARY, us SECONDARY), eu's CALCULATED check forced healthy with one
/// HTTP child, us's forced unhealthy; and what boto3 reads back of it (never the provider's own view).
/// </summary>
internal sealed record Route53SeedPair(AwsRoute53Settings Settings, string Record, string Zone, (string Eu, string Us, string Child) Checks)
{
    public static async Task<Route53SeedPair> ProvisionAsync(MotoServer moto, SeedPlan seed, CancellationToken cancellationToken)
    {
        var planned = seed.Settings<AwsRoute53Settings>(ResourceKind.Traffic);
        var record = $"shop.{seed.Id}.example.com";
        var output = await moto.Boto3Async($$$"""
            r53 = client("route53", "us-east-1")
            zone = r53.create_hosted_zone(Name="{{{seed.Id}}}.example.com", CallerReference="{{{seed.Id}}}")["HostedZone"]["Id"].split("/")[-1]
            child = r53.create_health_check(CallerReference="{{{seed.Id}}}-child", HealthCheckConfig={"Type": "HTTP", "FullyQualifiedDomainName": "{{{planned.Sites["eu"].Endpoint}}}", "Port": 80, "ResourcePath": "/healthz"})["HealthCheck"]["Id"]
            eu = r53.create_health_check(CallerReference="{{{seed.Id}}}-eu", HealthCheckConfig={"Type": "CALCULATED", "HealthThreshold": 0, "ChildHealthChecks": [child]})["HealthCheck"]["Id"]
            us = r53.create_health_check(CallerReference="{{{seed.Id}}}-us", HealthCheckConfig={"Type": "CALCULATED", "HealthThreshold": 1, "ChildHealthChecks": []})["HealthCheck"]["Id"]
            def record(site, role, check, endpoint):
                return {"Action": "CREATE", "ResourceRecordSet": {"Name": "{{{record}}}", "Type": "CNAME", "SetIdentifier": "{{{record}}}-" + site, "Failover": role,
                        "TTL": 60, "ResourceRecords": [{"Value": endpoint}], "HealthCheckId": check}}
            r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [record("eu", "PRIMARY", eu, "{{{planned.Sites["eu"].Endpoint}}}"), record("us", "SECONDARY", us, "{{{planned.Sites["us"].Endpoint}}}")]})
            print(json.dumps({"zone": zone, "eu": eu, "us": us, "child": child}))
            """, cancellationToken);
        var ids = JsonNode.Parse(output)!.AsObject();
        string Id(string name) => (string)ids[name]!;
        var settings = planned with
        {
            HostedZoneId = Id("zone"),
            RecordName = record,
            Sites = planned.Sites.ToImmutableDictionary(s => s.Key, s => s.Value with { HealthCheck = Id(s.Key) }),
        };
        settings.PrimarySite.ShouldBe("eu", "the plan's primary site holds the PRIMARY record");
        return new Route53SeedPair(settings, record, Id("zone"), (Id("eu"), Id("us"), Id("child")));
    }

    /// <summary>Both checks' HealthThreshold as boto3 reads them back.</summary>
    public async Task<(int Eu, int Us)> ThresholdsAsync(MotoServer moto, CancellationToken cancellationToken)
    {
        var output = await moto.Boto3Async($$"""
            r53 = client("route53", "us-east-1")
            print(json.dumps([r53.get_health_check(HealthCheckId=i)["HealthCheck"]["HealthCheckConfig"]["HealthThreshold"] for i in ("{{Checks.Eu}}", "{{Checks.Us}}")]))
            """, cancellationToken);
        var values = JsonNode.Parse(output)!.AsArray();
        return ((int)values[0]!, (int)values[1]!);
    }

    /// <summary>
    /// Both records as boto3 lists them: where each points, and whether everything else (type, role, health check,
    /// TTL) is still what the user's Terraform created.
    /// </summary>
    public async Task<(string Eu, string Us)> TargetsAsync(MotoServer moto, CancellationToken cancellationToken)
    {
        var output = await moto.Boto3Async($$"""
            r53 = client("route53", "us-east-1")
            found = {r["SetIdentifier"]: r for r in r53.list_resource_record_sets(HostedZoneId="{{Zone}}", StartRecordName="{{Record}}")["ResourceRecordSets"] if "SetIdentifier" in r}
            def target(site, role, check):
                r = found["{{Record}}-" + site]
                assert (r["Type"], r["Failover"], r["HealthCheckId"], r["TTL"], len(r["ResourceRecords"])) == ("CNAME", role, check, 60, 1), r
                return r["ResourceRecords"][0]["Value"]
            print(json.dumps([target("eu", "PRIMARY", "{{Checks.Eu}}"), target("us", "SECONDARY", "{{Checks.Us}}")]))
            """, cancellationToken);
        var values = JsonNode.Parse(output)!.AsArray();
        return ((string)values[0]!, (string)values[1]!);
    }
}
