using Microsoft.Extensions.Time.Testing;
using Pilotlight.Processes;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// The fence by record against moto: the failover runbook fences the lost PRIMARY before the standby is promoted, and
/// must be able to confirm it while the SECONDARY's check is still unhealthy (Route 53 then answers the PRIMARY,
/// whatever its health: only its record can keep users away). Records and checks are read back with boto3.
/// </summary>
public sealed class AwsRoute53FenceTests(Route53Moto fixture) : SeedPlanTest(fixture.Server, TimeSpan.FromSeconds(30)), IClassFixture<Route53Moto>
{
    private const string Fence = "maintenance.example.com";

    [Fact]
    public async Task FencePrimary_ConfirmedWhileSecondaryUnhealthy_ThenFailoverAndFailbackRestoreThePlanEndpoints()
    {
        var pair = await Route53SeedPair.ProvisionAsync(Moto, Seed, Token);
        var traffic = AwsRuntime.Traffic(pair.Settings, TimeProvider.System, Client);
        var (eu, us) = (pair.Settings.Sites["eu"].Endpoint, pair.Settings.Sites["us"].Endpoint);

        await traffic.FenceAsync("eu", Token);

        (await pair.TargetsAsync(Moto, Token)).ShouldBe((Fence, us), "eu's record UPSERTed to its fence endpoint, everything else of it kept");
        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((2, 1), "eu's check forced unhealthy too; us's still unhealthy (not promoted yet)");
        (await traffic.IsFencedAsync("eu", Token)).ShouldBeTrue("the fence-traffic step can complete before promotion");
        var fenced = await traffic.GetStatusAsync(Token);
        fenced.ActiveSite.ShouldBeNull("Route 53 answers the PRIMARY's record, which names the fence endpoint");
        fenced.Servers.Select(s => (s.Site, s.AdminState)).ShouldBe([("eu", "maint"), ("us", "maint")]);
        fenced.Servers[0].Address.ShouldStartWith($"{Fence} (PRIMARY, fenced, health check {pair.Checks.Eu})");

        await traffic.SwitchAsync("us", Token);

        (await pair.TargetsAsync(Moto, Token)).ShouldBe((Fence, us));
        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((2, 0));
        (await traffic.GetStatusAsync(Token)).ActiveSite.ShouldBe("us");
        (await traffic.IsFencedAsync("eu", Token)).ShouldBeTrue();
        (await traffic.IsFencedAsync("us", Token)).ShouldBeFalse();

        await traffic.SwitchAsync("eu", Token);

        (await pair.TargetsAsync(Moto, Token)).ShouldBe((eu, Fence), "failback: us fenced by record and check first, then eu's record back at its endpoint");
        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((0, 1));
        var back = await traffic.GetStatusAsync(Token);
        back.ActiveSite.ShouldBe("eu");
        back.Servers.Select(s => s.AdminState).ShouldBe(["ready", "maint"]);
        (await traffic.IsFencedAsync("us", Token)).ShouldBeTrue();
        (await traffic.IsFencedAsync("eu", Token)).ShouldBeFalse();
    }

    /// <summary>A switch's first half is the other site's fence (the same code); a controller that died after it resumes the switch from scratch.</summary>
    [Fact]
    public async Task Switch_ResumedAfterACrashBetweenItsHalves_Converges()
    {
        var pair = await Route53SeedPair.ProvisionAsync(Moto, Seed, Token);
        var (eu, us) = (pair.Settings.Sites["eu"].Endpoint, pair.Settings.Sites["us"].Endpoint);
        await AwsRuntime.Traffic(pair.Settings, TimeProvider.System, Client).FenceAsync("eu", Token);
        (await pair.TargetsAsync(Moto, Token)).ShouldBe((Fence, us), "the state the crash left: eu fenced, us not yet healthy");

        var resumed = AwsRuntime.Traffic(pair.Settings, TimeProvider.System, Client);
        await resumed.SwitchAsync("us", Token);

        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((2, 0));
        (await resumed.GetStatusAsync(Token)).ActiveSite.ShouldBe("us");

        await resumed.FenceAsync("us", Token);
        var between = await resumed.GetStatusAsync(Token);
        between.ActiveSite.ShouldBeNull("between a failback's halves DNS names the fence endpoint, neither site");
        (await pair.TargetsAsync(Moto, Token)).ShouldBe((Fence, Fence));

        var again = AwsRuntime.Traffic(pair.Settings, TimeProvider.System, Client);
        await again.SwitchAsync("eu", Token);

        (await pair.TargetsAsync(Moto, Token)).ShouldBe((eu, Fence));
        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((0, 1));
        (await again.GetStatusAsync(Token)).ActiveSite.ShouldBe("eu");
    }

    [Fact]
    public async Task FenceEndpointUnfitForTheRecord_OneLineAndNothingChanged()
    {
        var pair = await Route53SeedPair.ProvisionAsync(Moto, Seed, Token);
        var address = AwsRuntime.Traffic(pair.Settings with { Sites = pair.Settings.Sites.SetItem("eu", pair.Settings.Sites["eu"] with { FenceEndpoint = "192.0.2.1" }) }, TimeProvider.System, Client);
        var expected = $"aws-route53 record {pair.Record}. ({pair.Record}-eu) of site eu: fence_endpoint 192.0.2.1 is an address; expected a DNS name for a CNAME record";

        (await Should.ThrowAsync<InvalidOperationException>(() => address.GetStatusAsync(Token))).Message.ShouldBe(expected);
        (await Should.ThrowAsync<InvalidOperationException>(() => address.FenceAsync("eu", Token))).Message.ShouldBe(expected);
        (await Should.ThrowAsync<InvalidOperationException>(() => address.SwitchAsync("us", Token))).Message.ShouldBe(expected);
        (await address.IsFencedAsync("eu", Token)).ShouldBeFalse();
        (await pair.TargetsAsync(Moto, Token)).ShouldBe((pair.Settings.Sites["eu"].Endpoint, pair.Settings.Sites["us"].Endpoint));
        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((0, 1), "refused before any change");
    }

    /// <summary>
    /// moto answers every change INSYNC at once, so a proxy in front of it answers the UPSERT and the first GetChange
    /// PENDING, as AWS does while it propagates: the fence polls GetChange on its clock until INSYNC before it forces
    /// the check (the faked UPSERT never reaches Moto, so only the check is seen changed there).
    /// </summary>
    [Fact]
    public async Task Fence_ChangePending_PollsGetChangeUntilInsyncBeforeForcingTheCheck()
    {
        var pair = await Route53SeedPair.ProvisionAsync(Moto, Seed, Token);
        const string Ns = "https://route53.amazonaws.com/doc/2013-04-01/";
        const string Info = "<ChangeInfo><Id>/change/CPENDING</Id><Status>PENDING</Status><SubmittedAt>2026-12-01T12:00:00Z</SubmittedAt></ChangeInfo>";
        await using var proxy = new FaultProxy(Moto.Url, n => n switch
        {
            3 => (200, $"<ChangeResourceRecordSetsResponse xmlns=\"{Ns}\">{Info}</ChangeResourceRecordSetsResponse>", "text/xml"),
            4 => (200, $"<GetChangeResponse xmlns=\"{Ns}\">{Info}</GetChangeResponse>", "text/xml"),
            _ => null,
        });
        using var client = Moto.Client(proxy.Url);
        var clock = new FakeTimeProvider();
        var fence = AwsRuntime.Traffic(pair.Settings, clock, client).FenceAsync("eu", Token);

        await Poll.UntilAsync(_ => { clock.Advance(TimeSpan.FromSeconds(1)); return Task.FromResult(fence.IsCompleted); }, TimeSpan.FromSeconds(20), "the fence to finish", Token, TimeSpan.FromMilliseconds(20));

        await fence;
        proxy.Requests.ShouldBe(6, "list and check read, UPSERT (PENDING), GetChange (PENDING), GetChange (moto: INSYNC), UpdateHealthCheck");
        (await pair.ThresholdsAsync(Moto, Token)).ShouldBe((2, 1));
    }
}
