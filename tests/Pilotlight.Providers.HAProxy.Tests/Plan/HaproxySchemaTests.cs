using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>What the <c>haproxy</c> schema accepts, its defaults, and the problems it reports with their positions.</summary>
public sealed class HaproxySchemaTests
{
    private const string Sites = "a: { servers: [a1, a2] }\nb: { servers: [b1, b2] }";

    [Fact]
    public void Read_SocketAndListen_DefaultsTheRest()
    {
        var settings = Settings($"admin_socket: /run/haproxy/admin.sock\nlisten: 127.0.0.1:8080\n{Sites}");

        settings.AdminSocket.ShouldBe("/run/haproxy/admin.sock");
        settings.AdminAddress.ShouldBeNull();
        settings.Backend.ShouldBe("sites");
        settings.Servers["a"].ShouldBe(["a1", "a2"]);
        settings.Servers["b"].ShouldBe(["b1", "b2"]);
        settings.EntryUrl.ShouldBe(new Uri("http://127.0.0.1:8080/"));
        settings.ConfigPath.ShouldBeNull();
        settings.ServerStateFile.ShouldBeNull();
        settings.Binary.ShouldBe("/usr/sbin/haproxy");
    }

    [Fact]
    public void Read_AddressEntryUrlAndStateFile_AsGiven()
    {
        var settings = Settings($"admin_address: 10.0.0.5:9999\nbackend: web\nentry_url: https://shop.example.com/app\nlisten: 10.0.0.5:80\nserver_state_file: /var/lib/haproxy/server-state\n{Sites}");

        settings.AdminAddress.ShouldBe(new Endpoint("10.0.0.5", 9999));
        settings.AdminSocket.ShouldBeNull();
        settings.Backend.ShouldBe("web");
        settings.EntryUrl.ShouldBe(new Uri("https://shop.example.com/app"));
        settings.Listen.ShouldBe(new Endpoint("10.0.0.5", 80));
        settings.ServerStateFile.ShouldBe("/var/lib/haproxy/server-state");
    }

    [Theory]
    [InlineData("both admin_socket and admin_address", $"admin_socket: /run/haproxy/admin.sock\nadmin_address: 127.0.0.1:9999\nlisten: 127.0.0.1:8080\n{Sites}",
        "plan.yaml:24:20: traffic.config.admin_address: is given together with admin_socket; expected either admin_socket: the path of HAProxy's `stats socket … level admin`, or admin_address: host:port of a `stats socket ipv4@host:port level admin`")]
    [InlineData("neither admin_socket nor admin_address", $"listen: 127.0.0.1:8080\n{Sites}",
        "plan.yaml:23:5: traffic.config: has neither admin_socket nor admin_address; expected admin_socket: the path of HAProxy's `stats socket … level admin`, or admin_address: host:port of a `stats socket ipv4@host:port level admin`")]
    [InlineData("a server in two sites", "admin_socket: /s\nlisten: 127.0.0.1:8080\na: { servers: [a1, a2] }\nb: { servers: [b1, a2] }",
        "plan.yaml:26:24: traffic.config.b.servers[1]: 'a2' is a server of site 'a' too; expected each server in one site, once")]
    [InlineData("a server twice in one site", "admin_socket: /s\nlisten: 127.0.0.1:8080\na: { servers: [a1, a1] }\nb: { servers: [b1] }",
        "plan.yaml:25:24: traffic.config.a.servers[1]: 'a1' is listed twice; expected each server in one site, once")]
    [InlineData("a site without servers", "admin_socket: /s\nlisten: 127.0.0.1:8080\na: { servers: [a1] }\nb: { }",
        "plan.yaml:26:8: traffic.config.b.servers: is missing; expected a list of text values")]
    [InlineData("a site with an empty list", "admin_socket: /s\nlisten: 127.0.0.1:8080\na: { servers: [a1] }\nb: { servers: [] }",
        "plan.yaml:26:19: traffic.config.b.servers: is empty; expected the names of this site's servers in the backend, e.g. [a1, a2]")]
    [InlineData("no block for a site", "admin_socket: /s\nlisten: 127.0.0.1:8080\na: { servers: [a1] }",
        "plan.yaml:23:5: traffic.config.b: is missing; expected a mapping of keys to values")]
    [InlineData("a server name HAProxy would misread", "admin_socket: /s\nlisten: 127.0.0.1:8080\na: { servers: [a1] }\nb: { servers: [\"b 1\"] }",
        "plan.yaml:26:20: traffic.config.b.servers[0]: 'b 1' is not a valid server name; expected letters, digits, '-', '_' and '.' only, as HAProxy names servers and backends")]
    [InlineData("neither entry_url nor listen", $"admin_socket: /s\n{Sites}",
        "plan.yaml:23:5: traffic.config: has neither entry_url nor listen; expected entry_url: the URL clients use, e.g. https://shop.example.com, or listen: host:port of the frontend")]
    [InlineData("a relative entry_url", $"admin_socket: /s\nentry_url: shop.example.com\n{Sites}",
        "plan.yaml:24:16: traffic.config.entry_url: 'shop.example.com' is not a valid URL; expected an absolute http:// or https:// URL")]
    [InlineData("a misspelt key", $"admin_socket: /s\nlisten: 127.0.0.1:8080\nbackedn: web\n{Sites}",
        "plan.yaml:25:5: traffic.config.backedn: unknown key (did you mean 'backend'?); expected one of admin_socket, admin_address, backend, listen, entry_url, config_path, binary, server_state_file, a, b")]
    public void Read_BadConfig_ReportsOneProblemWithItsPosition(string scenario, string config, string expected)
    {
        var result = TrafficPlans.Parse(config);

        result.Problems.Select(p => p.ToString()).ShouldBe([expected], scenario);
    }

    private static HaproxySettings Settings(string config)
    {
        var result = TrafficPlans.Parse(config);
        result.Problems.ShouldBeEmpty();
        return result.Plan!.Resource(ResourceKind.Traffic)!.Settings.ShouldBeOfType<HaproxySettings>();
    }
}
