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
}
