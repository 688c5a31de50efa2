using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Rds;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// The write fence of an RDS instance: its VPC security groups replaced by the plan's <c>fence_security_group</c>
/// (one that admits no client), then a reboot — security groups are stateful, so connections opened before the
/// change survive it; the reboot drops them. The groups it had are saved first (<c>aws-rds/fences.json</c>), so that
/// a failback gives them back to the replica it creates under the instance's name.
/// </summary>
internal sealed partial class AwsRdsDatabaseProvider
{
    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        var group = FenceGroup(site, instance);
        await Translate(instance, () => FenceWithAsync(instance, group, cancellationToken));
    }

    /// <summary>
    /// Fenced when the instance is stopped, or when its groups read back are exactly the fence group (active), the
    /// reboot was issued after they were set, and it is available again. Anything else, or no answer, cannot be told.
    /// </summary>
    public async Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        try
        {
            var found = await DescribeAsync(instance, cancellationToken);
            return found.Status == "stopped"
                || (instance.FenceSecurityGroup is { } group && fences.Get(instance) is { RebootedAt: { } rebooted } fence && rebooted >= fence.ModifiedAt
                    && found.Status == "available" && HoldsOnly(found, group));
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return false;
        }
    }

    /// <summary>Applies the fence step by step, each step journaled in the fence file first, so that a rerun goes on where it stopped.</summary>
    private async Task<RdsFence> FenceWithAsync(AwsRdsInstance instance, string group, CancellationToken cancellationToken)
    {
        var found = await DescribeAsync(instance, cancellationToken);
        var fence = fences.Get(instance);
        if (fence is null || fence.FenceGroup != group)
        {
            // Saved before they are replaced: a crash between the two loses nothing.
            var previous = fence?.PreviousGroups ?? [.. found.VpcSecurityGroups.Select(g => g.Id).Where(id => id != group)];
            fence = Save(instance, new RdsFence(previous, group, clock.GetUtcNow()));
        }

        if (!HoldsOnly(found, group))
        {
            await rds.ModifyDbInstanceAsync(instance.Region, new ModifyDbInstance { Identifier = instance.Instance, VpcSecurityGroupIds = [group] }, cancellationToken);
            fence = Save(instance, fence with { ModifiedAt = clock.GetUtcNow(), RebootedAt = null, ConfirmedAt = null });
            await WaitUntilAsync(instance, f => f.Status == "available" && HoldsOnly(f, group), cancellationToken);
        }

        if (fence.RebootedAt is null)
        {
            await rds.RebootDbInstanceAsync(instance.Region, instance.Instance, cancellationToken);
            fence = Save(instance, fence with { RebootedAt = clock.GetUtcNow(), ConfirmedAt = null });
        }

        if (fence.ConfirmedAt is null)
        {
            await WaitUntilAsync(instance, f => f.Status == "available" && HoldsOnly(f, group), cancellationToken);
            fence = Save(instance, fence with { ConfirmedAt = clock.GetUtcNow() });
        }

        return fence;
    }

    private RdsFence Save(AwsRdsInstance instance, RdsFence fence) => fences.Update(instance, _ => fence)!;

    private static bool HoldsOnly(DbInstance found, string group) => found.VpcSecurityGroups is [{ Status: "active" } only] && only.Id == group;

    private static string FenceGroup(string site, AwsRdsInstance instance) =>
        instance.FenceSecurityGroup ?? throw new InvalidOperationException(
            $"aws-rds cannot fence instance {instance.Instance} in {instance.Region}: the plan names no fence_security_group for site {site} (database.config.{site}.fence_security_group: a VPC security group that admits no client)");
}
