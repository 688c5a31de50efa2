using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.CloudWatch;
using Pilotlight.Providers.Aws.Client.Rds;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// <c>aws-aurora-global</c>: an Aurora global database, one regional cluster per site. The role comes from
/// DescribeGlobalClusters (the member that IsWriter is the primary; a cluster no longer a member is a standalone,
/// writable primary) and DescribeDBClusters, both asked in the site's own region; the lag from the secondary's
/// CloudWatch <c>AWS/RDS AuroraGlobalDBReplicationLag</c> (milliseconds). Promotion is the plan's <c>promotion:</c>:
/// FailoverGlobalCluster with AllowDataLoss (unplanned), or RemoveFromGlobalCluster (detach), then a wait until the
/// cluster is the writer, or standalone, and available. Switchover and failback: the other part of this class.
/// </summary>
internal sealed partial class AwsAuroraGlobalDatabaseProvider(AwsAuroraGlobalSettings settings, RdsApi rds, CloudWatchApi cloudWatch, TimeProvider clock) : IDatabaseProvider, IOperationTimeouts
{
    /// <summary>
    /// A global cluster's failover, detach or switchover takes minutes (AWS: typically 1–5; 30 leaves room for a large
    /// cluster); an old primary rejoins as a secondary once its region is back, which may take hours.
    /// </summary>
    public TimeSpan? TimeoutFor(ProviderOperation operation) => operation switch
    {
        ProviderOperation.Promotion or ProviderOperation.Demotion => TimeSpan.FromMinutes(30),
        ProviderOperation.StandbyRebuild => TimeSpan.FromHours(3),
        _ => null,
    };

    private static readonly TimeSpan LagWindow = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public async Task<DatabaseStatus> GetStatusAsync(string site, CancellationToken cancellationToken)
    {
        var cluster = Cluster(site);
        Observed seen;
        try
        {
            seen = await ObserveAsync(cluster, cancellationToken);
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return new DatabaseStatus(site, DatabaseRole.Unreachable, null, null, null, null, false, $"aws-aurora-global cluster {cluster.Cluster}: {e.Message}");
        }

        var available = seen.Cluster.Status == "available";
        var problem = available ? null : $"aws-aurora-global cluster {cluster.Cluster} is {seen.Cluster.Status ?? "in no known state"}";
        if (seen.Member is null)
        {
            problem ??= $"aws-aurora-global cluster {cluster.Cluster} is not a member of global cluster {settings.GlobalCluster}: standalone and writable (detached)";
        }

        if (seen.Role != DatabaseRole.Standby)
        {
            return new DatabaseStatus(site, seen.Role, null, null, null, null, false, problem);
        }

        TimeSpan? lag;
        try
        {
            var now = clock.GetUtcNow();
            var points = await cloudWatch.AuroraGlobalLagAsync(cluster.Region, cluster.Cluster, now - LagWindow, now, 60, cancellationToken);
            lag = LagProof.Age(points, now, TimeSpan.FromMilliseconds);
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            lag = null;
            problem ??= $"aws-aurora-global secondary {cluster.Cluster}: lag unknown: {e.Message}";
        }

        var streaming = available && seen.Member!.SynchronizationStatus is null or "connected";
        return new DatabaseStatus(site, DatabaseRole.Standby, null, null, null, lag, streaming, problem);
    }

    /// <summary>Asks only the site's own region, and no CloudWatch.</summary>
    public async Task<DatabaseRole> GetRoleAsync(string site, CancellationToken cancellationToken)
    {
        var cluster = Cluster(site);
        try
        {
            return (await ObserveAsync(cluster, cancellationToken)).Role;
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return DatabaseRole.Unreachable;
        }
    }

    /// <summary>
    /// Asks the secondary's own region only (the primary's may be the lost one). A writer, or a cluster already
    /// standalone, only waits until available; a failover already under way towards this cluster is waited for, not sent again.
    /// </summary>
    public async Task PromoteAsync(string site, CancellationToken cancellationToken)
    {
        var cluster = Cluster(site);
        var seen = await Translate(cluster, "promote", () => ObserveAsync(cluster, cancellationToken));
        if (seen.Role == DatabaseRole.Primary)
        {
            await WaitAsync(cluster, "promote", s => s.Role == DatabaseRole.Primary, cancellationToken);
            return;
        }

        var arn = seen.Cluster.Arn ?? throw new InvalidOperationException($"aws-aurora-global cluster {cluster.Cluster} in {cluster.Region}: DescribeDBClusters gave no DBClusterArn");
        if (settings.Promotion == AuroraPromotion.Detach)
        {
            await Translate(cluster, "detach", () => Done(rds.RemoveFromGlobalClusterAsync(cluster.Region, settings.GlobalCluster, arn, cancellationToken)));
            await WaitAsync(cluster, "detach", s => s.Member is null, cancellationToken);
            return;
        }

        if (seen.Global?.FailoverTarget != arn || seen.Global.FailoverStatus is null)
        {
            await Translate(cluster, "failover", () => Done(rds.FailoverGlobalClusterAsync(cluster.Region, settings.GlobalCluster, arn, allowDataLoss: true, cancellationToken)));
        }

        await WaitAsync(cluster, "failover", s => s.Member is { IsWriter: true } && s.Global?.FailoverStatus is null, cancellationToken);
    }

    /// <summary>
    /// Aurora has no write fence that holds across a lost region: the old primary's cluster cannot be stopped while it
    /// is a global database's writer, nor reached when its region is lost. The traffic fence is what holds.
    /// </summary>
    public Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        var cluster = Cluster(site);
        throw new InvalidOperationException($"aws-aurora-global cannot fence cluster {cluster.Cluster} in {cluster.Region}: Aurora offers no write fence across a lost region (not applied; the traffic fence holds)");
    }

    /// <summary>Provably fenced only when the cluster is stopped; anything else, or no answer, cannot be told.</summary>
    public async Task<bool> IsFencedAsync(string site, CancellationToken cancellationToken)
    {
        var cluster = Cluster(site);
        try
        {
            return (await DescribeClusterAsync(cluster, cancellationToken)).Status == "stopped";
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return false;
        }
    }

    private async Task<Observed> ObserveAsync(AwsAuroraCluster cluster, CancellationToken cancellationToken)
    {
        var found = await DescribeClusterAsync(cluster, cancellationToken);
        var global = await rds.DescribeGlobalClustersAsync(cluster.Region, settings.GlobalCluster, cancellationToken) is [var only, ..] ? only : null;
        return new Observed(found, global, global?.Member(found.Arn));
    }

    private async Task<DbCluster> DescribeClusterAsync(AwsAuroraCluster cluster, CancellationToken cancellationToken)
    {
        var found = await rds.DescribeDbClustersAsync(cluster.Region, cluster.Cluster, cancellationToken);
        return found.FirstOrDefault(c => c.Identifier == cluster.Cluster)
            ?? throw new AwsException($"rds DescribeDBClusters in {cluster.Region}: DBClusterNotFoundFault: DBCluster {cluster.Cluster} not listed");
    }

    /// <summary>Polls until <paramref name="done"/> holds and the cluster is available; bounded by the step's token (moto answers at once, AWS takes minutes).</summary>
    private async Task WaitAsync(AwsAuroraCluster cluster, string action, Func<Observed, bool> done, CancellationToken cancellationToken)
    {
        while (await Translate(cluster, action, () => ObserveAsync(cluster, cancellationToken)) is var seen && !(done(seen) && seen.Cluster.Status == "available"))
        {
            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    private AwsAuroraCluster Cluster(string site) =>
        settings.Clusters.TryGetValue(site, out var cluster) ? cluster : throw new ArgumentException($"aws-aurora-global: the plan has no cluster for site '{site}'", nameof(site));

    private static async Task<bool> Done(Task call)
    {
        await call;
        return true;
    }

    private async Task<T> Translate<T>(AwsAuroraCluster cluster, string action, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            throw new InvalidOperationException($"aws-aurora-global {action} of cluster {cluster.Cluster} (global cluster {settings.GlobalCluster}): {e.Message}", e);
        }
    }

    /// <summary>One look at a site's cluster and the global database it is (or was) a member of.</summary>
    private sealed record Observed(DbCluster Cluster, GlobalCluster? Global, GlobalClusterMember? Member)
    {
        /// <summary>The writer member, or a cluster that is no member (standalone, detached), takes writes.</summary>
        public DatabaseRole Role => Member is { IsWriter: false } ? DatabaseRole.Standby : DatabaseRole.Primary;
    }
}
