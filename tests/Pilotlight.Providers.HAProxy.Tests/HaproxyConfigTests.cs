using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Providers.HAProxy.Tests;

public sealed class HaproxyConfigTests
{
    private static readonly HaproxyOptions Options = new()
    {
        Listen = new Endpoint("127.0.0.1", 17400),
        ConfigPath = "/state/haproxy.cfg",
        AdminSocketPath = "/state/admin.sock",
        LogPath = "/state/haproxy.log",
        Servers = [new("a", "a1", "127.0.0.1", 17410), new("a", "a2", "127.0.0.1", 17411), new("b", "b1", "127.0.0.1", 17420)],
        ActiveSite = "a",
    };

    [Fact]
    public void Render_ServersOfSitesNotRoutedAreDisabled()
    {
        var text = HaproxyConfig.Render(Options, new HashSet<string> { "b" });

        text.ShouldContain("    server a1 127.0.0.1:17410 check disabled\n");
        text.ShouldContain("    server a2 127.0.0.1:17411 check disabled\n");
        text.ShouldContain("    server b1 127.0.0.1:17420 check\n");
        text.ShouldContain("bind 127.0.0.1:17400");
        text.ShouldContain("stats socket /state/admin.sock mode 600 level admin");
        text.ShouldContain("option httpchk GET /readyz");
    }

    [Fact]
    public void RoutedSitesOf_ReadsBackWhatWasWritten()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pilotlight-haproxy-{Guid.NewGuid():N}.cfg");
        try
        {
            HaproxyConfig.RoutedSitesOf(path).ShouldBeNull();
            File.WriteAllText(path, HaproxyConfig.Render(Options, new HashSet<string> { "b" }));
            HaproxyConfig.RoutedSitesOf(path).ShouldBe(["b"]);
            File.WriteAllText(path, HaproxyConfig.Render(Options, new HashSet<string>()));
            HaproxyConfig.RoutedSitesOf(path).ShouldBeEmpty();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reroute_RenderedConfig_SameAsRenderingTheNewRouting()
    {
        var text = HaproxyConfig.Render(Options, new HashSet<string> { "a" });
        var sites = Options.Servers.ToDictionary(s => s.Name, s => s.Site);

        HaproxyConfig.Reroute(text, HaproxyConfig.Backend, sites, new HashSet<string> { "b" }).ShouldBe(HaproxyConfig.Render(Options, new HashSet<string> { "b" }));
        HaproxyConfig.Reroute(text, HaproxyConfig.Backend, sites, new HashSet<string>()).ShouldBe(HaproxyConfig.Render(Options, new HashSet<string>()));
    }

    [Fact]
    public void Reroute_ServersOfOtherBackendsAndUnknownServers_Untouched()
    {
        const string text = "backend other\n    server a1 10.0.0.1:80 check\nbackend sites\n    server a1 10.0.0.2:80 check\n    server c1 10.0.0.3:80 check disabled\n";

        var routed = HaproxyConfig.Reroute(text, "sites", new Dictionary<string, string> { ["a1"] = "a" }, new HashSet<string> { "b" });

        routed.ShouldBe("backend other\n    server a1 10.0.0.1:80 check\nbackend sites\n    server a1 10.0.0.2:80 check disabled\n    server c1 10.0.0.3:80 check disabled\n");
    }
}
