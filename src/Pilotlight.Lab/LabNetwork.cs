using System.Globalization;
using Pilotlight.Processes;

namespace Pilotlight.Lab;

/// <summary>
/// The lab's optional site networks: a network namespace per site, each joined to a bridge in the root namespace by
/// a veth pair, so a site can be partitioned by taking its link down while its own processes still reach each other.
/// </summary>
/// <remarks>
/// Subnet 10.213.X.0/24 with X from the base port, the bridge at .1, site a at .2, site b at .3. Needs root.
/// </remarks>
internal sealed class LabNetwork(int basePort)
{
    private int Index => basePort / 100 % 256;

    public string Subnet => string.Create(CultureInfo.InvariantCulture, $"10.213.{Index}.0/24");

    public string Bridge => string.Create(CultureInfo.InvariantCulture, $"plbr{Index}");

    public string Namespace(string site) => string.Create(CultureInfo.InvariantCulture, $"pl{Index}{site}");

    public string Address(string site) => string.Create(CultureInfo.InvariantCulture, $"10.213.{Index}.{2 + LabLayout.SiteIndex(site)}");

    private string HostLink(string site) => string.Create(CultureInfo.InvariantCulture, $"pl{Index}{site}0");

    private string BridgeAddress => string.Create(CultureInfo.InvariantCulture, $"10.213.{Index}.1/24");

    public static async Task CheckAvailableAsync(CancellationToken cancellationToken)
    {
        if (!ProcessLauncher.IsRoot)
        {
            throw new LabException("site networks (--netns, needed for --mode partition) need root: network namespaces are created with ip netns");
        }

        var probe = await CommandRunner.RunAsync("ip", ["netns", "list"], TimeSpan.FromSeconds(5), cancellationToken);
        if (!probe.Succeeded)
        {
            throw new LabException($"site networks need 'ip netns' (Debian package iproute2), which failed here: {probe.LastLine}");
        }
    }

    /// <summary>Creates what is missing: the bridge, a namespace per site with loopback and its veth link up.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await CheckAvailableAsync(cancellationToken);
        if (!await ExistsAsync(["link", "show", Bridge], cancellationToken))
        {
            await RunAsync(cancellationToken, "link", "add", Bridge, "type", "bridge");
            await RunAsync(cancellationToken, "addr", "add", BridgeAddress, "dev", Bridge);
        }

        await RunAsync(cancellationToken, "link", "set", Bridge, "up");
        foreach (var site in LabLayout.Sites)
        {
            var ns = Namespace(site);
            if (!await ExistsAsync(["netns", "exec", ns, "true"], cancellationToken))
            {
                await RunAsync(cancellationToken, "netns", "add", ns);
            }

            if (!await ExistsAsync(["link", "show", HostLink(site)], cancellationToken))
            {
                await RunAsync(cancellationToken, "link", "add", HostLink(site), "type", "veth", "peer", "name", "eth0", "netns", ns);
                await RunAsync(cancellationToken, "link", "set", HostLink(site), "master", Bridge);
                await RunAsync(cancellationToken, "-n", ns, "addr", "add", $"{Address(site)}/24", "dev", "eth0");
            }

            await RunAsync(cancellationToken, "-n", ns, "link", "set", "lo", "up");
            await RunAsync(cancellationToken, "-n", ns, "link", "set", "eth0", "up");
            await RunAsync(cancellationToken, "link", "set", HostLink(site), "up");
        }
    }

    /// <summary>Cuts a site off: its link to the bridge goes down; inside the site, traffic still flows.</summary>
    public Task PartitionAsync(string site, CancellationToken cancellationToken) => RunAsync(cancellationToken, "link", "set", HostLink(site), "down");

    public Task HealAsync(string site, CancellationToken cancellationToken) => RunAsync(cancellationToken, "link", "set", HostLink(site), "up");

    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        foreach (var site in LabLayout.Sites)
        {
            if (await ExistsAsync(["link", "show", HostLink(site)], cancellationToken))
            {
                await RunAsync(cancellationToken, "link", "del", HostLink(site));
            }

            if (await ExistsAsync(["netns", "exec", Namespace(site), "true"], cancellationToken))
            {
                await RunAsync(cancellationToken, "netns", "del", Namespace(site));
            }
        }

        if (await ExistsAsync(["link", "show", Bridge], cancellationToken))
        {
            await RunAsync(cancellationToken, "link", "del", Bridge);
        }
    }

    private static async Task<bool> ExistsAsync(string[] arguments, CancellationToken cancellationToken) =>
        (await CommandRunner.RunAsync("ip", arguments, TimeSpan.FromSeconds(5), cancellationToken)).Succeeded;

    private static async Task RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await CommandRunner.RunAsync("ip", arguments, TimeSpan.FromSeconds(10), cancellationToken);
        if (!result.Succeeded)
        {
            throw new LabException($"ip {string.Join(' ', arguments)} failed: {result.LastLine}");
        }
    }
}
