using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Command.Shell;
using Pilotlight.Providers.Command.Traffic;

namespace Pilotlight.Providers.Command;

/// <summary>
/// <c>traffic.provider: command</c> — the single entry switched and read by commands of the plan, run by
/// <c>/bin/sh -c</c> in the plan's directory (<c>PILOTLIGHT_SITE</c> set for switch and fence).
/// <code>
/// config:
///   switch: lb-route-only {site}       # required: route the entry to this site only
///   fence: lb-drain {site}             # required: take this site out of the entry
///   status: lb-status                  # required: prints {"sites":{"a":{"routed":true},"b":{"routed":false}}}
///   timeout: 30s                       # per command run
///   entry_url: https://shop.example/   # optional: where clients reach the entry, for probes through it
/// </code>
/// </summary>
internal sealed class CommandTrafficSchema : IProviderFactory
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] SiteOnly = ["site"];

    public ResourceKind Kind => ResourceKind.Traffic;

    public string Name => "command";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var route = Required(config, "switch", SiteOnly, "the command that routes the entry to one site only, e.g. lb-route-only {site}");
        var fence = Required(config, "fence", SiteOnly, "the command that takes a site out of the entry, e.g. lb-drain {site}");
        var status = Required(config, "status", [], "the command that prints which sites the entry routes to as JSON");
        var timeout = config.Duration("timeout") ?? (config.Has("timeout") ? null : DefaultTimeout);
        var entryUrl = config.Url("entry_url");
        if (route is null || fence is null || status is null || timeout is null || config.Failed("entry_url", entryUrl))
        {
            return null;
        }

        return new CommandTrafficSettings(route, fence, status, timeout.Value, entryUrl, [.. context.SiteNames]);
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return settings is CommandTrafficSettings traffic
            ? new CommandTrafficProvider(traffic, new CommandShell(context.PlanDirectory, context.Clock))
            : throw new ArgumentException($"expected command traffic settings, got {settings?.GetType().Name}", nameof(settings));
    }

    private static CommandTemplate? Required(MapReader config, string key, IReadOnlyList<string> placeholders, string expected)
    {
        if (!config.Has(key))
        {
            config.Text(key, required: true, expected);
            return null;
        }

        return config.Template(key, placeholders, expected);
    }
}
