namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>A plan with <c>config_path</c> (the lab's): the provider keeps the routing in the config Pilotlight wrote too.</summary>
public sealed class OwnedConfigFileTests
{
    [Fact]
    public async Task Switch_PlanWithConfigPath_ConfigRoutesTheSameAndARestartKeepsIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);
        var options = lab.Options;
        var traffic = TrafficPlans.Build($"""
            admin_socket: {options.AdminSocketPath}
            listen: {options.Listen}
            config_path: {options.ConfigPath}
            backend: sites
            a: {"{"} servers: [a1, a2] {"}"}
            b: {"{"} servers: [b1, b2] {"}"}
            """, lab.Directory);

        await traffic.SwitchAsync("b", timeout.Token);

        (await File.ReadAllTextAsync(options.ConfigPath, timeout.Token)).ShouldBe(HaproxyConfig.Render(options, new HashSet<string> { "b" }));
        await lab.Entry.StopAsync(timeout.Token);
        await lab.Entry.StartAsync(timeout.Token);
        (await traffic.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("b");
        await lab.WaitUntilUpAsync("b", 2, timeout.Token);
        (await lab.RequestsAsync(20, timeout.Token)).ShouldAllBe(name => name.StartsWith('b'));

        await traffic.FenceAsync("b", timeout.Token);

        HaproxyConfig.RoutedSitesOf(options.ConfigPath).ShouldBeEmpty();
        (await traffic.IsFencedAsync("b", timeout.Token)).ShouldBeTrue();
    }
}
