using Pilotlight.Core.Plans;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// The aws-route53 provider of the seed plan against moto (<see cref="Route53SeedPair"/>): every routing claim is
/// checked against the records and the checks' configuration read back from moto with boto3.
/// </summary>
public sealed class AwsRoute53TrafficProviderTests(Route53Moto fixture) : SeedPlanTest(fixture.Server, TimeSpan.FromSeconds(30)), IClassFixture<Route53Moto>
{
    [Fact]
    public async Task SwitchAndFence_RoutingReadBackFromTheRecordsAndChecks()
    {
        var pair = await Route53SeedPair.ProvisionAsync(Moto, Seed, Token);
        var traffic = AwsRuntime.Traffic(pair.Settings, TimeProvider.System, Client);

        var pilot = await traffic.GetStatusAsync(Token);
        pilot.ActiveSite.ShouldBe("eu", "the PRIMARY's check is forced healthy");
        pilot.Servers.Select(s => (s.Site, s.Name, s.AdminState)).ShouldBe([("eu", $"{pair.Record}-eu", "ready"), ("us", $"{pair.Record}-us", "maint")]);
        pilot.Servers[0].OperationalState.ShouldBe("UP (1/1 children healthy)", "moto reports every check as Success");
        pilot.Servers[1].OperationalState.ShouldBe("unchecked");
        (await traffic.IsFencedAsync("us", Token)).ShouldBeTrue();
        (await traffic.IsFencedAsync("eu", Token)).ShouldBeFalse();

        await traffic.SwitchAsync("us", Token);

        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((2, 0), "eu above its one child (fenced), us 0 (healthy)");
        (await traffic.GetStatusAsync(Token)).ActiveSite.ShouldBe("us");
        (await traffic.IsFencedAsync("eu", Token)).ShouldBeTrue("eu's record is at its fence endpoint, its check forced unhealthy and us's healthy");
        (await traffic.IsFencedAsync("us", Token)).ShouldBeFalse();

        await traffic.FenceAsync("us", Token);

        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((2, 1));
        (await pair.TargetsAsync(Moto, Token)).ShouldBe(("maintenance.example.com", "maintenance.example.com"), "each record at its fence endpoint");
        (await traffic.IsFencedAsync("us", Token)).ShouldBeTrue();
        (await traffic.IsFencedAsync("eu", Token)).ShouldBeTrue("eu's record still points at its fence endpoint");
        var none = await traffic.GetStatusAsync(Token);
        none.ActiveSite.ShouldBeNull("with the SECONDARY unhealthy Route 53 answers the PRIMARY, whose record is at its fence endpoint");
        none.Servers.Select(s => s.AdminState).ShouldBe(["maint", "maint"]);

        await traffic.SwitchAsync("eu", Token);

        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((0, 1));
        (await pair.TargetsAsync(Moto, Token)).ShouldBe((pair.Settings.Sites["eu"].Endpoint, "maintenance.example.com"), "eu's record back at its endpoint; us's stays fenced");
        var back = await traffic.GetStatusAsync(Token);
        back.ActiveSite.ShouldBe("eu");
        back.Servers.Select(s => s.AdminState).ShouldBe(["ready", "maint"]);
        Seed.CreateThroughRegistry(ResourceKind.Traffic).ShouldBeOfType<AwsRoute53TrafficProvider>("the registry's factory builds the runtime provider");
    }

    [Fact]
    public async Task MissingHealthCheckOrZone_OneLineNamingItWithTheAwsCode()
    {
        var pair = await Route53SeedPair.ProvisionAsync(Moto, Seed, Token);
        var missing = Guid.NewGuid().ToString();
        var noCheck = AwsRuntime.Traffic(pair.Settings with { Sites = pair.Settings.Sites.SetItem("us", pair.Settings.Sites["us"] with { HealthCheck = missing }) }, TimeProvider.System, Client);

        var status = await Should.ThrowAsync<InvalidOperationException>(() => noCheck.GetStatusAsync(Token));

        status.Message.ShouldStartWith($"aws-route53 record {pair.Record}. ({pair.Record}-us) of site us is held by health check {pair.Checks.Us}, not the plan's {missing}; aws-route53 health check {missing} of site us: route53 GetHealthCheck in us-east-1: NoSuchHealthCheck");
        status.Message.ShouldNotContain("\n");
        (await Should.ThrowAsync<InvalidOperationException>(() => noCheck.SwitchAsync("us", Token))).Message.ShouldContain($"health check {missing} of site us: route53 GetHealthCheck in us-east-1: NoSuchHealthCheck");
        (await noCheck.IsFencedAsync("eu", Token)).ShouldBeFalse("nothing provable without us's check");
        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((0, 1), "the refused switch changed nothing: both checks are read before either is changed");

        var noZone = AwsRuntime.Traffic(pair.Settings with { HostedZoneId = "Z0123456789ABCDEFGHIJ" }, TimeProvider.System, Client);
        (await Should.ThrowAsync<InvalidOperationException>(() => noZone.GetStatusAsync(Token))).Message
            .ShouldStartWith("aws-route53 hosted zone Z0123456789ABCDEFGHIJ: route53 ListResourceRecordSets in us-east-1: NoSuchHostedZone");
        (await noZone.IsFencedAsync("us", Token)).ShouldBeFalse("false on any error");
        (await Should.ThrowAsync<InvalidOperationException>(() => noZone.FenceAsync("eu", Token))).Message
            .ShouldStartWith("aws-route53 hosted zone Z0123456789ABCDEFGHIJ: route53 ListResourceRecordSets in us-east-1: NoSuchHostedZone");
        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((0, 1), "the refused fence changed no check");

        var notCalculated = AwsRuntime.Traffic(pair.Settings with { Sites = pair.Settings.Sites.SetItem("eu", pair.Settings.Sites["eu"] with { HealthCheck = pair.Checks.Child }) }, TimeProvider.System, Client);
        (await Should.ThrowAsync<InvalidOperationException>(() => notCalculated.FenceAsync("eu", Token))).Message
            .ShouldBe($"aws-route53 record {pair.Record}. ({pair.Record}-eu) of site eu is held by health check {pair.Checks.Eu}, not the plan's {pair.Checks.Child}; aws-route53 health check {pair.Checks.Child} of site eu is HTTP, not CALCULATED: Pilotlight cannot hold its record");
        (await pair.TargetsAsync(Moto, Token)).ShouldBe((pair.Settings.Sites["eu"].Endpoint, pair.Settings.Sites["us"].Endpoint), "the refused fence moved no record");
    }

    /// <summary>
    /// <c>via: traffic</c>: each HTTP probe is what Route 53's checkers report of the site's endpoint checks (the
    /// calculated check's children). moto reports Success for every check, so a proxy answers the failing report: one
    /// checker of eight reporting Success is not Route 53's "more than 18 %".
    /// </summary>
    [Fact]
    public async Task TrafficVantagePoint_Route53CheckersOfTheEndpointChecks()
    {
        var pair = await Route53SeedPair.ProvisionAsync(Moto, Seed, Token);
        var traffic = AwsRuntime.Traffic(pair.Settings, TimeProvider.System, Client);
        var http = new HttpProbeSpec("site", null, new Uri("https://shop.example.com/healthz"), 200, null, null);
        var limit = TimeSpan.FromSeconds(10);

        var eu = await traffic.Probe("eu", http, VantageRoute.Traffic, limit).ShouldNotBeNull().RunAsync(Token);
        var us = await traffic.Probe("us", http, VantageRoute.Traffic, limit).ShouldNotBeNull().RunAsync(Token);

        eu.Success.ShouldBeTrue(eu.Detail);
        eu.Detail.ShouldBe("Route 53's checkers: 1/1 endpoint checks healthy");
        us.Success.ShouldBeFalse();
        us.Detail.ShouldBe($"Route 53 cannot judge site us: its health check {pair.Checks.Us} has no endpoint checks (children)");
        traffic.Probe("eu", http, VantageRoute.Entry, limit).ShouldBeNull("through the entry is the simulated client's, not Route 53's");
        traffic.Probe("eu", http, VantageRoute.Direct, limit).ShouldBeNull();
        traffic.Probe("eu", new SqlProbeSpec("db", "select 1"), VantageRoute.Traffic, limit).ShouldBeNull("Route 53 checks endpoints, not databases");

        const string Ns = "https://route53.amazonaws.com/doc/2013-04-01/";
        var reports = string.Concat(Enumerable.Range(0, 8).Select(i => $"<HealthCheckObservation><Region>us-east-1</Region><IPAddress>192.0.2.{i}</IPAddress><StatusReport><Status>{(i == 0 ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out.")}</Status><CheckedTime>2026-12-01T12:00:00Z</CheckedTime></StatusReport></HealthCheckObservation>"));
        await using var proxy = new FaultProxy(Moto.Url, n => n == 2 ? (200, $"<GetHealthCheckStatusResponse xmlns=\"{Ns}\"><HealthCheckObservations>{reports}</HealthCheckObservations></GetHealthCheckStatusResponse>", "text/xml") : null);
        using var proxied = Moto.Client(proxy.Url);
        var failing = await AwsRuntime.Traffic(pair.Settings, TimeProvider.System, proxied).Probe("eu", http, VantageRoute.Traffic, limit)!.RunAsync(Token);

        failing.Success.ShouldBeFalse();
        failing.Detail.ShouldBe("Route 53's checkers: 0/1 endpoint checks healthy");
        proxy.Requests.ShouldBe(2, "the calculated check read, then its child's status");

        var missing = Guid.NewGuid().ToString();
        var noCheck = AwsRuntime.Traffic(pair.Settings with { Sites = pair.Settings.Sites.SetItem("eu", pair.Settings.Sites["eu"] with { HealthCheck = missing }) }, TimeProvider.System, Client);
        var error = await noCheck.Probe("eu", http, VantageRoute.Traffic, limit)!.RunAsync(Token);
        error.Success.ShouldBeFalse();
        error.Detail.ShouldStartWith($"health check {missing} of site eu: route53 GetHealthCheck in us-east-1: NoSuchHealthCheck");
    }
}
