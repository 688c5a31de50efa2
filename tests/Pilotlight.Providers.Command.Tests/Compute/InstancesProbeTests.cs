using Pilotlight.Core.Plans;
using Pilotlight.Providers.Command.Tests.Shell;

namespace Pilotlight.Providers.Command.Tests.Compute;

/// <summary>Direct probes at the instances the list command printed, against a real HTTP listener.</summary>
public sealed class InstancesProbeTests : IDisposable
{
    private static readonly HttpProbeSpec Web = new("web", "/healthz", null, 200, "site b", null);
    private readonly Scripts _scripts = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public void Dispose()
    {
        _timeout.Dispose();
        _scripts.Dispose();
    }

    [Fact]
    public async Task Probe_OneOfTwoListedInstancesAnswers_Succeeds()
    {
        await using var server = new TinyHttpServer("ok from site b");
        var list = _scripts.Write("list.sh", $$"""echo '{"instances":[{"address":"127.0.0.1:1","ready":true},{"address":"{{server.Address}}","ready":true}]}'""");
        var compute = ComputeSites.For(_scripts, "true", list);

        var probe = compute.Probe("b", Web, VantageRoute.Direct, TimeSpan.FromSeconds(5)).ShouldNotBeNull();
        var result = await probe.RunAsync(_timeout.Token);

        result.Success.ShouldBeTrue(result.Detail);
        result.Detail.ShouldBe("1 of 2 answer");
        probe.Name.ShouldBe("web");
        server.LastRequestLine.ShouldBe("GET /healthz HTTP/1.1");
    }

    [Fact]
    public async Task Probe_AfterASuccessfulList_UsesItsAddressesWhenListFailsLater()
    {
        await using var server = new TinyHttpServer("ok from site b");
        var list = _scripts.Write("list.sh", $$"""
            [ -e "$(dirname "$0")/broken" ] && { echo "api down" >&2; exit 2; }
            echo '{"instances":[{"address":"{{server.Address}}","ready":true}]}'
            """);
        var compute = ComputeSites.For(_scripts, "true", list);
        (await compute.GetInstancesAsync("b", _timeout.Token)).Length.ShouldBe(1);
        await File.WriteAllTextAsync(_scripts.PathOf("broken"), "", _timeout.Token);

        var result = await compute.Probe("b", Web, VantageRoute.Direct, TimeSpan.FromSeconds(5))!.RunAsync(_timeout.Token);

        result.Success.ShouldBeTrue(result.Detail);
        server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task Probe_ListFailsAndNothingCached_FailsWithoutThrowing()
    {
        var list = _scripts.Write("list.sh", "echo 'api down' >&2; exit 2");
        var compute = ComputeSites.For(_scripts, "true", list);

        var result = await compute.Probe("b", Web, VantageRoute.Direct, TimeSpan.FromSeconds(5))!.RunAsync(_timeout.Token);

        result.Success.ShouldBeFalse();
        result.Detail.ShouldBe("compute command 'list' for site b exited 2: api down");
    }

    [Fact]
    public async Task Probe_ListHangsLongerThanTheProbeTimeout_FailsWithinIt()
    {
        var list = _scripts.Write("list.sh", "sleep 30");
        var compute = ComputeSites.For(_scripts, "true", list, timeout: TimeSpan.FromSeconds(20));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await compute.Probe("b", Web, VantageRoute.Direct, TimeSpan.FromMilliseconds(500))!.RunAsync(_timeout.Token);

        result.Success.ShouldBeFalse();
        result.Detail.ShouldBe("compute command 'list' for site b timed out after 500ms; it was killed");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Probe_OtherRoutesAndSpecs_AreNotOffered()
    {
        var compute = ComputeSites.For(_scripts, "true", "true");

        compute.Probe("b", Web, VantageRoute.Entry, TimeSpan.FromSeconds(1)).ShouldBeNull();
        compute.Probe("b", new HttpProbeSpec("web", null, new Uri("http://127.0.0.1:1/"), 200, null, null), VantageRoute.Direct, TimeSpan.FromSeconds(1)).ShouldBeNull();
        compute.Probe("b", new TcpProbeSpec("tcp", null), VantageRoute.Direct, TimeSpan.FromSeconds(1)).ShouldBeNull();
        compute.Probe("a", Web, VantageRoute.Direct, TimeSpan.FromSeconds(1)).ShouldBeNull();
    }
}
