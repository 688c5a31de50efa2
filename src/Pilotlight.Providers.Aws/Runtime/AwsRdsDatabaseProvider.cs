using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.CloudWatch;
using Pilotlight.Providers.Aws.Client.Rds;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// <c>aws-rds</c>: an RDS primary in one site's region and its cross-region read replica in the other's. The role comes
/// from DescribeDBInstances (a replica source means standby), the lag from the replica's CloudWatch <c>AWS/RDS
/// ReplicaLag</c>; promotion is PromoteReadReplica, then a wait until the instance is available. The fence and the
/// failback (rename out of the way, a new replica under the plan's name) are in the partial files beside this one.
/// </summary>
internal sealed partial class AwsRdsDatabaseProvider(
    AwsRdsSettings settings, RdsApi rds, CloudWatchApi cloudWatch, RdsPromotions promotions, RdsStateFile<RdsFence> fences, TimeProvider clock) : IDatabaseProvider, IDatabaseSwitchover, IOperationTimeouts
{
    private static readonly TimeSpan LagWindow = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// RDS's own times: a promotion, a security-group change with its reboot and a demotion take minutes; ReplicaLag
    /// lands in CloudWatch a minute or more late; a new cross-region replica takes up to hours for a large database.
    /// A fence in a failover is bounded at 5 minutes: a lost region's API refuses within the client's retries.
    /// </summary>
    public TimeSpan? TimeoutFor(ProviderOperation operation) => operation switch
    {
        ProviderOperation.Promotion => TimeSpan.FromMinutes(30),
        ProviderOperation.DatabaseFence => TimeSpan.FromMinutes(5),
        ProviderOperation.Demotion => TimeSpan.FromMinutes(15),
        ProviderOperation.Replay => TimeSpan.FromMinutes(10),
        ProviderOperation.StandbyRebuild => TimeSpan.FromHours(3),
        _ => null,
    };

    public async Task<DatabaseStatus> GetStatusAsync(string site, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        DbInstance found;
        try
        {
            found = await DescribeAsync(instance, cancellationToken);
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return new DatabaseStatus(site, DatabaseRole.Unreachable, null, null, null, null, false, $"aws-rds instance {instance.Instance}: {e.Message}");
        }

        var role = RoleOf(instance, found);
        var available = found.Status == "available";
        var problem = available ? null : $"aws-rds instance {instance.Instance} is {found.Status ?? "in no known state"}";
        if (role != DatabaseRole.Standby)
        {
            return new DatabaseStatus(site, role, null, null, null, null, false, problem);
        }

        TimeSpan? lag;
        try
        {
            lag = await LagAsync(instance, cancellationToken);
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            lag = null;
            problem ??= $"aws-rds replica {instance.Instance}: lag unknown: {e.Message}";
        }

        return new DatabaseStatus(site, role, null, null, null, lag, available, problem);
    }

    /// <summary>Asks only the site's own region, and only DescribeDBInstances (no CloudWatch).</summary>
    public async Task<DatabaseRole> GetRoleAsync(string site, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        try
        {
            return RoleOf(instance, await DescribeAsync(instance, cancellationToken));
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return DatabaseRole.Unreachable;
        }
    }

    public async Task PromoteAsync(string site, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        var found = await Translate(instance, () => DescribeAsync(instance, cancellationToken));
        if (RoleOf(instance, found) == DatabaseRole.Primary)
        {
            await WaitAvailableAsync(instance, cancellationToken);
            return;
        }

        await Translate(instance, () => rds.PromoteReadReplicaAsync(instance.Region, instance.Instance, cancellationToken));
        // Recorded as soon as AWS accepted it: see RdsPromotions for why the API's own answer cannot be waited for.
        promotions.Record(instance, found.ReplicaSource!, clock.GetUtcNow());
        await WaitAvailableAsync(instance, cancellationToken);
    }

    private DatabaseRole RoleOf(AwsRdsInstance instance, DbInstance found) =>
        found.ReplicaSource is null || promotions.WasPromoted(instance, found.ReplicaSource) ? DatabaseRole.Primary : DatabaseRole.Standby;

    /// <summary>The replica's lag from its ReplicaLag datapoints (seconds), aged by <see cref="LagProof"/>: unknown without one, never 0.</summary>
    private async Task<TimeSpan?> LagAsync(AwsRdsInstance instance, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var points = await cloudWatch.ReplicaLagAsync(instance.Region, instance.Instance, now - LagWindow, now, 60, cancellationToken);
        return LagProof.Age(points, now, TimeSpan.FromSeconds);
    }

    private Task<DbInstance> WaitAvailableAsync(AwsRdsInstance instance, CancellationToken cancellationToken) =>
        WaitUntilAsync(instance, found => found.Status == "available", cancellationToken);

    /// <summary>Polls the instance until <paramref name="holds"/>; bounded by the step's token (moto answers at once, AWS takes minutes).</summary>
    private async Task<DbInstance> WaitUntilAsync(AwsRdsInstance instance, Func<DbInstance, bool> holds, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = await Translate(instance, () => DescribeAsync(instance, cancellationToken));
            if (holds(found))
            {
                return found;
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    private async Task<DbInstance> DescribeAsync(AwsRdsInstance instance, CancellationToken cancellationToken)
    {
        var found = await rds.DescribeDbInstancesAsync(instance.Region, instance.Instance, cancellationToken);
        return found.FirstOrDefault(i => i.Identifier == instance.Instance)
            ?? throw new AwsException($"rds DescribeDBInstances in {instance.Region}: DBInstanceNotFound: DBInstance {instance.Instance} not listed");
    }

    private AwsRdsInstance Instance(string site) =>
        settings.Instances.TryGetValue(site, out var instance) ? instance : throw new ArgumentException($"aws-rds: the plan has no instance for site '{site}'", nameof(site));

    private static async Task<T> Translate<T>(AwsRdsInstance instance, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            throw new InvalidOperationException($"aws-rds instance {instance.Instance}: {e.Message}", e);
        }
    }
}
