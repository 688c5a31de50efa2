using System.Collections.Immutable;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Failover;

/// <summary>The steps a failover, a switchover and a failback end with alike: switch the entry, verify through it, notify.</summary>
internal static class SharedSteps
{
    /// <summary>Routes the entry to <paramref name="to"/> and records it active; done when both the entry and the site state say so.</summary>
    public static RunbookStep SwitchTraffic(string to, ITrafficProvider traffic, Func<string> activeSite, Action<string> recordActiveSite, ImmutableArray<string> dependsOn) => new()
    {
        Id = "switch-traffic",
        Description = $"route the traffic entry to site {to}",
        DependsOn = dependsOn,
        Timeout = TimeSpan.FromSeconds(10),
        IsDone = async ct => (await traffic.GetStatusAsync(ct)).ActiveSite == to && activeSite() == to,
        Execute = async ct =>
        {
            await traffic.SwitchAsync(to, ct);
            recordActiveSite(to);
        },
    };

    /// <summary>Retried for a while: a site just switched to may take a moment to answer through the entry.</summary>
    public static RunbookStep Verify(string to, Func<string, CancellationToken, Task<bool>> servesThroughEntry) => new()
    {
        Id = "verify",
        Description = $"verify end to end: the workload answers through the entry from site {to}",
        DependsOn = ["switch-traffic"],
        Timeout = TimeSpan.FromSeconds(5),
        MaxAttempts = 10,
        Execute = async ct =>
        {
            if (!await servesThroughEntry(to, ct))
            {
                throw new InvalidOperationException($"the entry does not serve from site {to} yet");
            }
        },
    };

    public static RunbookStep Notify(string message, Func<string, CancellationToken, Task> notify, ImmutableArray<string> dependsOn) => new()
    {
        Id = "notify",
        Description = "notify the plan's webhooks",
        DependsOn = dependsOn,
        Timeout = TimeSpan.FromSeconds(10),
        MaxAttempts = 2,
        BestEffort = true,
        Execute = ct => notify(message, ct),
    };
}
