using System.Collections.Immutable;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>Parsing the runtime API's reply, as HAProxy 2.6.12 wrote it.</summary>
public sealed class ServersStateTests
{
    // Captured from "show servers state sites": a1 running; a2 after "state maint" (0x01); b1 "disabled" in the config
    // (0x01|0x04); b2 "disabled" in the config then "state ready" (0x04 stays); c1 draining (0x08), starting.
    private const string Reply = """
        1
        # be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
        3 sites 1 a1 127.0.0.1 2 0 1 1 4 6 3 4 6 0 0 0 - 17410 - 0 0 - - 0
        3 sites 2 a2 127.0.0.1 0 1 1 1 2 8 2 0 14 0 0 0 - 17411 - 0 0 - - 0
        3 sites 3 b1 127.0.0.1 0 5 1 1 1 1 0 0 14 0 0 0 - 17420 - 0 0 - - 0
        3 sites 4 b2 127.0.0.1 2 4 1 1 1 1 0 1 6 0 0 0 - 17421 - 0 0 - - 0
        3 sites 5 c1 127.0.0.1 1 8 1 1 0 8 2 0 6 0 0 0 - 17430 - 0 0 - - 0


        """;

    [Fact]
    public void Parse_AdminAndOperationalStatesFromFlags()
    {
        ServersState.Parse(Reply, "sites").ShouldBe(
        [
            new ServerState("a1", "127.0.0.1:17410", "ready", "up"),
            new ServerState("a2", "127.0.0.1:17411", "maint", "down"),
            new ServerState("b1", "127.0.0.1:17420", "maint", "down"),
            new ServerState("b2", "127.0.0.1:17421", "ready", "up"),
            new ServerState("c1", "127.0.0.1:17430", "drain", "starting"),
        ]);
    }

    [Fact]
    public void Parse_OtherBackend_Skipped() => ServersState.Parse(Reply, "other").ShouldBeEmpty();

    [Fact]
    public void Parse_NoHeader_FormatExceptionQuotingTheReply() =>
        Should.Throw<FormatException>(() => ServersState.Parse("No such backend.\n\n", "sites")).Message.ShouldContain("No such backend.");

    [Theory]
    [InlineData("ready ready maint maint", "a")]
    [InlineData("maint maint ready ready", "b")]
    [InlineData("ready maint maint maint", null)]
    [InlineData("ready ready ready maint", null)]
    [InlineData("maint maint maint maint", null)]
    [InlineData("ready ready drain maint", null)]
    public void ActiveSite_OneSiteAllReadyAndEveryOtherServerInMaintenance(string states, string? active)
    {
        var admin = states.Split(' ');
        var servers = new[] { ("a", "a1"), ("a", "a2"), ("b", "b1"), ("b", "b2") }
            .Select((s, i) => new TrafficServer(s.Item1, s.Item2, "127.0.0.1:1", admin[i], "up"))
            .ToImmutableArray();

        HaproxyTraffic.ActiveSiteOf(servers).ShouldBe(active);
    }
}
