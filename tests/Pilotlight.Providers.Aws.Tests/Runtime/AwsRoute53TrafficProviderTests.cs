using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// The aws-route53 provider of the seed plan against moto: a zone, the failover pair and a CALCULATED check per site
/// provisioned with boto3 as a user's Terraform would, in pilot light (eu's check forced healthy with one HTTP child,
/// us's forced unhealthy); every routing claim is checked against the checks' configuration read back from moto.
/// </summary>
public sealed class AwsRoute53TrafficProviderTests(Route53Moto fixture) : IClassFixture<Route53Moto>, IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly MotoServer _moto = fixture.Server;
    private readonly AwsClient _client = fixture.Server.Client();
    private readonly SeedPlan _seed = SeedPlan.Read(Guid.NewGuid().ToString("N")[..8]);

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _seed.Dispose();
        _client.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task SwitchAndFence_RoutingReadBackFromTheChecks()
    {
        var pair = await ProvisionAsync();
        var traffic = AwsRuntime.Traffic(pair.Settings, _client);

        var pilot = await traffic.GetStatusAsync(Token);
        pilot.ActiveSite.ShouldBe("eu", "the PRIMARY's check is forced healthy");
        pilot.Servers.Select(s => (s.Site, s.Name, s.AdminState)).ShouldBe([("eu", $"{pair.Record}-eu", "ready"), ("us", $"{pair.Record}-us", "maint")]);
        pilot.Servers[0].OperationalState.ShouldBe("UP (1/1 children healthy)", "moto reports every check as Success");
        pilot.Servers[1].OperationalState.ShouldBe("unchecked");
        (await traffic.IsFencedAsync("us", Token)).ShouldBeTrue();
        (await traffic.IsFencedAsync("eu", Token)).ShouldBeFalse();

        await traffic.SwitchAsync("us", Token);

        (await ThresholdsAsync(pair)).ShouldBe((2, 0), "eu above its one child (fenced), us 0 (healthy)");
        (await traffic.GetStatusAsync(Token)).ActiveSite.ShouldBe("us");
        (await traffic.IsFencedAsync("eu", Token)).ShouldBeTrue("eu's check is forced unhealthy and us's healthy");
        (await traffic.IsFencedAsync("us", Token)).ShouldBeFalse();

        await traffic.FenceAsync("us", Token);

        (await ThresholdsAsync(pair)).ShouldBe((2, 1));
        (await traffic.IsFencedAsync("us", Token)).ShouldBeTrue();
        (await traffic.GetStatusAsync(Token)).ActiveSite.ShouldBe("eu", "with the SECONDARY unhealthy Route 53 answers the PRIMARY, whatever its health");
        (await traffic.IsFencedAsync("eu", Token)).ShouldBeFalse("so eu is not fenced: no failover pair state answers neither site");

        await traffic.SwitchAsync("eu", Token);

        (await ThresholdsAsync(pair)).ShouldBe((0, 1));
        var back = await traffic.GetStatusAsync(Token);
        back.ActiveSite.ShouldBe("eu");
        back.Servers.Select(s => s.AdminState).ShouldBe(["ready", "maint"]);
        _seed.CreateThroughRegistry(ResourceKind.Traffic).ShouldBeOfType<AwsRoute53TrafficProvider>("the registry's factory builds the runtime provider");
    }

    [Fact]
    public async Task MissingHealthCheckOrZone_OneLineNamingItWithTheAwsCode()
    {
        var pair = await ProvisionAsync();
        var missing = Guid.NewGuid().ToString();
        var noCheck = AwsRuntime.Traffic(pair.Settings with { Sites = pair.Settings.Sites.SetItem("us", pair.Settings.Sites["us"] with { HealthCheck = missing }) }, _client);

        var status = await Should.ThrowAsync<InvalidOperationException>(() => noCheck.GetStatusAsync(Token));

        status.Message.ShouldStartWith($"aws-route53 record {pair.Record}. ({pair.Record}-us) of site us is held by health check {pair.Checks.Us}, not the plan's {missing}; aws-route53 health check {missing} of site us: route53 GetHealthCheck in us-east-1: NoSuchHealthCheck");
        status.Message.ShouldNotContain("\n");
        (await Should.ThrowAsync<InvalidOperationException>(() => noCheck.SwitchAsync("us", Token))).Message.ShouldContain($"health check {missing} of site us: route53 GetHealthCheck in us-east-1: NoSuchHealthCheck");
        (await noCheck.IsFencedAsync("eu", Token)).ShouldBeFalse("nothing provable without us's check");
        (await ThresholdsAsync(pair)).ShouldBe((0, 1), "the refused switch changed nothing: both checks are read before either is changed");

        var noZone = AwsRuntime.Traffic(pair.Settings with { HostedZoneId = "Z0123456789ABCDEFGHIJ" }, _client);
        (await Should.ThrowAsync<InvalidOperationException>(() => noZone.GetStatusAsync(Token))).Message
            .ShouldStartWith("aws-route53 hosted zone Z0123456789ABCDEFGHIJ: route53 ListResourceRecordSets in us-east-1: NoSuchHostedZone");

        var notCalculated = AwsRuntime.Traffic(pair.Settings with { Sites = pair.Settings.Sites.SetItem("eu", pair.Settings.Sites["eu"] with { HealthCheck = pair.Checks.Child }) }, _client);
        (await Should.ThrowAsync<InvalidOperationException>(() => notCalculated.FenceAsync("eu", Token))).Message
            .ShouldBe($"aws-route53 health check {pair.Checks.Child} of site eu is HTTP, not CALCULATED: Pilotlight cannot hold its record");
    }

    private sealed record Pair(AwsRoute53Settings Settings, string Record, (string Eu, string Us, string Child) Checks);

    private async Task<Pair> ProvisionAsync()
    {
        var planned = _seed.Settings<AwsRoute53Settings>(ResourceKind.Traffic);
        var record = $"shop.{_seed.Id}.example.com";
        var output = await _moto.Boto3Async($$$"""
            r53 = client("route53", "us-east-1")
            zone = r53.create_hosted_zone(Name="{{{_seed.Id}}}.example.com", CallerReference="{{{_seed.Id}}}")["HostedZone"]["Id"].split("/")[-1]
            child = r53.create_health_check(CallerReference="{{{_seed.Id}}}-child", HealthCheckConfig={"Type": "HTTP", "FullyQualifiedDomainName": "{{{planned.Sites["eu"].Endpoint}}}", "Port": 80, "ResourcePath": "/healthz"})["HealthCheck"]["Id"]
            eu = r53.create_health_check(CallerReference="{{{_seed.Id}}}-eu", HealthCheckConfig={"Type": "CALCULATED", "HealthThreshold": 0, "ChildHealthChecks": [child]})["HealthCheck"]["Id"]
            us = r53.create_health_check(CallerReference="{{{_seed.Id}}}-us", HealthCheckConfig={"Type": "CALCULATED", "HealthThreshold": 1, "ChildHealthChecks": []})["HealthCheck"]["Id"]
            def record(site, role, check, endpoint):
                return {"Action": "CREATE", "ResourceRecordSet": {"Name": "{{{record}}}", "Type": "CNAME", "SetIdentifier": "{{{record}}}-" + site, "Failover": role,
                        "TTL": 60, "ResourceRecords": [{"Value": endpoint}], "HealthCheckId": check}}
            r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [record("eu", "PRIMARY", eu, "{{{planned.Sites["eu"].Endpoint}}}"), record("us", "SECONDARY", us, "{{{planned.Sites["us"].Endpoint}}}")]})
            print(json.dumps({"zone": zone, "eu": eu, "us": us, "child": child}))
            """, Token);
        var ids = JsonNode.Parse(output)!.AsObject();
        string Id(string name) => (string)ids[name]!;
        var settings = planned with
        {
            HostedZoneId = Id("zone"),
            RecordName = record,
            Sites = planned.Sites.ToImmutableDictionary(s => s.Key, s => s.Value with { HealthCheck = Id(s.Key) }),
        };
        settings.PrimarySite.ShouldBe("eu", "the plan's primary site holds the PRIMARY record");
        return new Pair(settings, record, (Id("eu"), Id("us"), Id("child")));
    }

    /// <summary>Both checks' HealthThreshold as the aws CLI's boto3 reads them back.</summary>
    private async Task<(int Eu, int Us)> ThresholdsAsync(Pair pair)
    {
        var output = await _moto.Boto3Async($$"""
            r53 = client("route53", "us-east-1")
            print(json.dumps([r53.get_health_check(HealthCheckId=i)["HealthCheck"]["HealthCheckConfig"]["HealthThreshold"] for i in ("{{pair.Checks.Eu}}", "{{pair.Checks.Us}}")]))
            """, Token);
        var values = JsonNode.Parse(output)!.AsArray();
        return ((int)values[0]!, (int)values[1]!);
    }
}
