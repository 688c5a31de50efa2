using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Command.Shell;
using Pilotlight.Providers.Command.Tests.Shell;
using Pilotlight.Providers.Command.Traffic;

namespace Pilotlight.Providers.Command.Tests.Traffic;

/// <summary>
/// The traffic provider over a fake load balancer made of scripts: the file <c>routed</c> holds the routed sites,
/// one a line; switch writes it, fence removes a site from it, status prints it as JSON.
/// </summary>
public sealed class CommandTrafficProviderTests : IDisposable
{
    private readonly Scripts _scripts = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly string _switch;
    private readonly string _fence;
    private readonly string _status;

    public CommandTrafficProviderTests()
    {
        File.WriteAllText(_scripts.PathOf("routed"), "a\n");
        _switch = _scripts.Write("switch.sh", """echo "$1" > "$(dirname "$0")/routed" """) + " {site}";
        _fence = _scripts.Write("fence.sh", """
            cd "$(dirname "$0")"
            grep -vx "$1" routed > routed.new || true
            mv routed.new routed
            """) + " {site}";
        _status = _scripts.Write("status.sh", """
            cd "$(dirname "$0")"
            routed() { if grep -qx "$1" routed; then echo true; else echo false; fi; }
            echo "{\"sites\":{\"a\":{\"routed\":$(routed a)},\"b\":{\"routed\":$(routed b)}}}"
            """);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _scripts.Dispose();
    }

    [Fact]
    public async Task Switch_ToB_StatusShowsBActiveAndAInMaintenance()
    {
        var traffic = Traffic(entryUrl: new Uri("http://127.0.0.1:18080/"));
        (await traffic.GetStatusAsync(_timeout.Token)).ActiveSite.ShouldBe("a");

        await traffic.SwitchAsync("b", _timeout.Token);
        var status = await traffic.GetStatusAsync(_timeout.Token);

        status.ActiveSite.ShouldBe("b");
        status.Servers.ShouldBe([
            new TrafficServer("a", "a", "http://127.0.0.1:18080/", "maint", "?"),
            new TrafficServer("b", "b", "http://127.0.0.1:18080/", "ready", "UP"),
        ]);
    }

    [Fact]
    public async Task Fence_RoutedSite_IsFencedAfterwardsAndNoSiteIsActive()
    {
        var traffic = Traffic();
        (await traffic.IsFencedAsync("a", _timeout.Token)).ShouldBeFalse();
        (await traffic.IsFencedAsync("b", _timeout.Token)).ShouldBeTrue();

        await traffic.FenceAsync("a", _timeout.Token);

        (await traffic.IsFencedAsync("a", _timeout.Token)).ShouldBeTrue();
        var status = await traffic.GetStatusAsync(_timeout.Token);
        status.ActiveSite.ShouldBeNull();
        status.Servers.ShouldAllBe(s => s.AdminState == "maint" && s.Address == "");
    }

    [Fact]
    public async Task Status_BothRouted_NoActiveSite()
    {
        await File.WriteAllTextAsync(_scripts.PathOf("routed"), "a\nb\n", _timeout.Token);

        (await Traffic().GetStatusAsync(_timeout.Token)).ActiveSite.ShouldBeNull();
    }

    [Fact]
    public async Task IsFenced_StatusFailsOrLeavesTheSiteOut_IsFalse()
    {
        var failing = _scripts.Write("failing.sh", "echo 'lb api: 503' >&2; exit 1");
        var partial = _scripts.Write("partial.sh", """echo '{"sites":{"a":{"routed":true}}}'""");

        (await Traffic(status: failing).IsFencedAsync("b", _timeout.Token)).ShouldBeFalse();
        (await Traffic(status: partial).IsFencedAsync("b", _timeout.Token)).ShouldBeFalse();
        (await Traffic(status: partial).GetStatusAsync(_timeout.Token)).Servers[1].ShouldBe(new TrafficServer("b", "b", "", "?", "?"));
    }

    [Fact]
    public async Task Status_NotTheJson_FailsQuotingIt()
    {
        var garbage = _scripts.Write("garbage.sh", """echo '{"sites":{"a":"up"}}'""");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => Traffic(status: garbage).GetStatusAsync(_timeout.Token));

        error.Message.ShouldBe("""traffic command 'status' printed something that is not the JSON expected ({"sites":{"a":{"routed":true},"b":{"routed":false}}}): {"sites":{"a":"up"}}""");
    }

    [Fact]
    public async Task Switch_NonZeroExit_FailsNamingTheSite()
    {
        var failing = _scripts.Write("failing.sh", "echo 'no backend pool for b' >&2; exit 4") + " {site}";

        var error = await Should.ThrowAsync<InvalidOperationException>(() => Traffic(route: failing).SwitchAsync("b", _timeout.Token));

        error.Message.ShouldBe("traffic command 'switch' for site b exited 4: no backend pool for b");
    }

    [Fact]
    public async Task Probe_ThroughTheEntry_GetsEntryUrlPlusPath()
    {
        await using var server = new TinyHttpServer("""{"site":"b"}""");
        var traffic = Traffic(entryUrl: new Uri($"http://{server.Address}/shop/"));

        var probe = traffic.Probe("b", new HttpProbeSpec("web", "/healthz", null, 200, "\"site\":\"b\"", null), VantageRoute.Entry, TimeSpan.FromSeconds(5)).ShouldNotBeNull();
        var result = await probe.RunAsync(_timeout.Token);

        result.Success.ShouldBeTrue(result.Detail);
        server.LastRequestLine.ShouldBe("GET /shop/healthz HTTP/1.1");
    }

    [Fact]
    public void Probe_WithoutEntryUrlOrNotThroughTheEntry_IsNotOffered()
    {
        var spec = new HttpProbeSpec("web", "/healthz", null, 200, null, null);

        Traffic().Probe("b", spec, VantageRoute.Entry, TimeSpan.FromSeconds(1)).ShouldBeNull();
        Traffic(entryUrl: new Uri("http://127.0.0.1:18080/")).Probe("b", spec, VantageRoute.Direct, TimeSpan.FromSeconds(1)).ShouldBeNull();
    }

    private CommandTrafficProvider Traffic(string? route = null, string? status = null, Uri? entryUrl = null) =>
        new(new CommandTrafficSettings(new CommandTemplate(route ?? _switch), new CommandTemplate(_fence), new CommandTemplate(status ?? _status), TimeSpan.FromSeconds(10), entryUrl, ["a", "b"]), _scripts.Shell);
}
