using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.AutoScaling;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// <c>aws-asg</c>: each site's Auto Scaling group in its region, resized between the plan's pilot and full capacity, its
/// mixed instances policy switched to 100 % on-demand above base for full on-demand capacity and back to the group's
/// own spot share for pilot (seed 004). Waits until the group reports the desired instances InService and Healthy.
/// </summary>
internal sealed class AwsAsgComputeProvider(AwsAsgSettings settings, AutoScalingApi api, SpotShares spotShares, TimeProvider clock) : IComputeProvider, IOperationTimeouts
{
    /// <summary>New EC2 instances take minutes to pass their health checks; a lost region's API gets 2 minutes to refuse.</summary>
    public TimeSpan? TimeoutFor(ProviderOperation operation) => operation switch
    {
        ProviderOperation.Scaling => TimeSpan.FromMinutes(15),
        ProviderOperation.ComputeFence => TimeSpan.FromMinutes(2),
        _ => null,
    };

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>A bare count keeps the group's bounds where they allow it and its purchase option as it is.</summary>
    public async Task ScaleAsync(string site, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var (group, current) = await DescribeAsync(site, cancellationToken);
        await Translate(group, () => api.UpdateGroupAsync(group.Region, new GroupUpdate
        {
            Name = group.Group,
            MinSize = Math.Min(current.MinSize, count),
            DesiredCapacity = count,
            MaxSize = Math.Max(current.MaxSize, count),
        }, cancellationToken));
        await WaitForAsync(site, count, cancellationToken);
    }

    public async Task ScaleToAsync(string site, Capacity capacity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        var (group, current) = await DescribeAsync(site, cancellationToken);
        var update = new GroupUpdate
        {
            Name = group.Group,
            MixedInstancesPolicy = Purchase(group, current, capacity.Type),
            MinSize = capacity.Min,
            DesiredCapacity = capacity.Desired,
            MaxSize = capacity.Max,
        };
        await Translate(group, () => api.UpdateGroupAsync(group.Region, update, cancellationToken));
        await WaitForAsync(site, capacity.Desired, cancellationToken);
    }

    public async Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken)
    {
        var (_, current) = await DescribeAsync(site, cancellationToken);
        return [.. current.Members.OrderBy(m => m.Id, StringComparer.Ordinal).Select((m, i) => new InstanceStatus(
            site,
            i,
            Port: 0,
            Pid: null,
            Running: m.LifecycleState == "InService" || m.LifecycleState.StartsWith("Pending", StringComparison.Ordinal),
            Ready: IsReady(m),
            Health: $"{m.Id} {m.LifecycleState}/{m.HealthStatus ?? "unknown"}")
        {
            ArtifactVersion = Version(m.LaunchTemplate),
        })];
    }

    /// <summary>
    /// Wants no instance in the site (min and desired 0); returns once Auto Scaling accepted it — terminating the
    /// instances takes AWS minutes, and a lost region's API may not answer at all (then this throws: not applied).
    /// </summary>
    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        var group = Group(site);
        await Translate(group, () => api.UpdateGroupAsync(group.Region, new GroupUpdate { Name = group.Group, MinSize = 0, DesiredCapacity = 0 }, cancellationToken));
    }

    /// <summary>
    /// The application the group launches: its <c>pilotlight:application</c> tag when it has one (the release both
    /// regions' groups run, e.g. <c>shop 1.4.2</c>: launch template and image ids differ from region to region), else
    /// its launch template as id:version (the mixed instances policy's when it has one); null without either.
    /// </summary>
    public async Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken)
    {
        var (_, current) = await DescribeAsync(site, cancellationToken);
        return current.Tags.TryGetValue(ApplicationTag, out var application) && application.Length > 0
            ? application
            : Version(current.MixedInstancesPolicy?.LaunchTemplate ?? current.LaunchTemplate);
    }

    /// <summary>The group tag naming the application release it runs, compared across regions by readiness.</summary>
    public const string ApplicationTag = "pilotlight:application";

    private static bool IsReady(GroupInstance m) => m.LifecycleState == "InService" && m.HealthStatus == "Healthy";

    private static string? Version(LaunchTemplateSpec? template) =>
        template is null || (template.Id ?? template.Name) is not { } id ? null : $"{id}:{template.Version ?? "$Default"}";

    /// <summary>
    /// The whole policy back with the on-demand share for <paramref name="type"/> (moto answers 500 and half-updates
    /// the group on a partial one; AWS replaces what is sent anyway). A group without a mixed instances policy buys
    /// as its launch template says: nothing to switch.
    /// </summary>
    private MixedInstancesPolicy? Purchase(AwsAsgGroup group, AutoScalingGroup current, CapacityType type)
    {
        if (current.MixedInstancesPolicy is not { } policy)
        {
            return null;
        }

        var share = policy.Distribution.OnDemandPercentageAboveBaseCapacity;
        int wanted;
        if (type == CapacityType.OnDemand)
        {
            // Remember the group's own spot share (as its Terraform set it) before it is overwritten, for the way back.
            if (share is { } own and < 100)
            {
                spotShares.Remember(group, own);
            }

            wanted = 100;
        }
        else
        {
            wanted = spotShares.Recall(group) ?? (share is { } own and < 100 ? own : 0);
        }

        return policy with { Distribution = policy.Distribution with { OnDemandPercentageAboveBaseCapacity = wanted } };
    }

    private async Task WaitForAsync(string site, int desired, CancellationToken cancellationToken)
    {
        // Bounded by the step's token: moto starts instances at once, AWS takes minutes.
        while (true)
        {
            var (_, current) = await DescribeAsync(site, cancellationToken);
            var live = current.Members.Where(m => !m.LifecycleState.StartsWith("Terminated", StringComparison.Ordinal)).ToList();
            if (live.Count == desired && live.All(IsReady))
            {
                return;
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    private async Task<(AwsAsgGroup Group, AutoScalingGroup Current)> DescribeAsync(string site, CancellationToken cancellationToken)
    {
        var group = Group(site);
        var found = await Translate(group, () => api.DescribeGroupsAsync(group.Region, [group.Group], cancellationToken));
        return found.FirstOrDefault(g => g.Name == group.Group) is { } current
            ? (group, current)
            : throw new InvalidOperationException($"aws-asg: site {site}'s Auto Scaling group {group.Group} does not exist in {group.Region}");
    }

    private AwsAsgGroup Group(string site) =>
        settings.Groups.TryGetValue(site, out var group) ? group : throw new ArgumentException($"aws-asg: the plan has no group for site '{site}'", nameof(site));

    /// <summary>AWS errors become one line naming the group, the operation and the AWS error code.</summary>
    private static async Task<T> Translate<T>(AwsAsgGroup group, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"aws-asg group {group.Group}: {e.Message}"), e);
        }
    }

    private static async Task Translate(AwsAsgGroup group, Func<Task> call) => await Translate(group, async () =>
    {
        await call();
        return true;
    });
}
