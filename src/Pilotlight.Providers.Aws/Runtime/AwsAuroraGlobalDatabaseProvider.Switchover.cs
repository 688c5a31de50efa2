using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// Planned switchover and failback for an Aurora global database. The demotion is Aurora's own switchover
/// (SwitchoverGlobalCluster): it waits until the target has every write, turns the writer into a secondary and the
/// target into the writer, with no data loss — so by the time the runbook waits for replay and promotes, both hold
/// already. An old primary becomes a secondary again by Aurora itself (after a switchover at once; after an unplanned
/// failover when its region is back): the rebuild waits for that. A cluster detached from the global database
/// cannot be made a secondary through the API without being replaced: preflight says so and nothing is changed.
/// </summary>
internal sealed partial class AwsAuroraGlobalDatabaseProvider : IDatabaseSwitchover
{
    private const string TokenPrefix = "aurora switchover to ";

    public string? CannotCompare => "the RDS API cannot read tables (compare the clusters with your own queries)";

    /// <summary>A site's cluster must answer and be a member of the global database: a detached one cannot be switched over to or from.</summary>
    public async Task<ImmutableArray<string>> CheckOperableAsync(string site, CancellationToken cancellationToken)
    {
        var cluster = Cluster(site);
        try
        {
            var seen = await ObserveAsync(cluster, cancellationToken);
            return seen.Member is null ? [Detached(cluster)] : [];
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return [$"aws-aurora-global cluster {cluster.Cluster} in {cluster.Region}: {e.Message}"];
        }
    }

    /// <summary>
    /// SwitchoverGlobalCluster towards the other site's cluster (sent in its region), then waits until that cluster is
    /// the writer, this one a secondary, no switchover is under way and both are available. The token names the target
    /// and the time the switch was seen done. Already switched: the token at once; a switchover under way towards
    /// the target is waited for, not sent again.
    /// </summary>
    public async Task<string> DemoteAsync(string site, CancellationToken cancellationToken)
    {
        var cluster = Cluster(site);
        var target = Cluster(OtherSite(site));
        var seen = await Translate(cluster, "switchover", () => ObserveAsync(cluster, cancellationToken));
        if (seen.Member is null)
        {
            throw new InvalidOperationException(Detached(cluster));
        }

        var targetSeen = await Translate(target, "switchover", () => ObserveAsync(target, cancellationToken));
        var targetArn = targetSeen.Cluster.Arn ?? throw new InvalidOperationException($"aws-aurora-global cluster {target.Cluster} in {target.Region}: DescribeDBClusters gave no DBClusterArn");
        if (targetSeen.Member is null)
        {
            throw new InvalidOperationException(Detached(target));
        }

        if (seen.Member.IsWriter && !(seen.Global?.FailoverTarget == targetArn && seen.Global.FailoverStatus is not null))
        {
            await Translate(target, "switchover", () => Done(rds.SwitchoverGlobalClusterAsync(target.Region, settings.GlobalCluster, targetArn, cancellationToken)));
        }

        await WaitAsync(target, "switchover", s => s.Member is { IsWriter: true } && s.Global?.FailoverStatus is null, cancellationToken);
        await WaitAsync(cluster, "switchover", s => s.Member is { IsWriter: false }, cancellationToken);
        return $"{TokenPrefix}{target.Cluster} at {clock.GetUtcNow().ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Aurora's switchover ends only once the target has every write: replayed when the site is the writer and no switchover is under way.</summary>
    public async Task<bool> HasReplayedAsync(string site, string token, CancellationToken cancellationToken)
    {
        var cluster = Cluster(site);
        if (!token.StartsWith(TokenPrefix + cluster.Cluster + " ", StringComparison.Ordinal))
        {
            throw new ArgumentException($"aws-aurora-global: '{token}' is not a demotion token of a switchover to cluster {cluster.Cluster}", nameof(token));
        }

        try
        {
            var seen = await ObserveAsync(cluster, cancellationToken);
            return seen.Member is { IsWriter: true } && seen.Global?.FailoverStatus is null;
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits (within the step's timeout) until the site's cluster is an available secondary of the global database whose
    /// writer is the primary site's cluster: Aurora makes an old primary one by itself. Refused at once, in one line,
    /// when either cluster is no member any more (detached).
    /// </summary>
    public async Task<StandbyRebuild> RebuildAsStandbyAsync(string site, string primarySite, CancellationToken cancellationToken)
    {
        var cluster = Cluster(site);
        var primary = Cluster(primarySite);
        var primarySeen = await Translate(primary, "rebuild", () => ObserveAsync(primary, cancellationToken));
        if (primarySeen.Member is null)
        {
            throw new InvalidOperationException(Detached(primary));
        }

        var waited = false;
        while (await Translate(cluster, "rebuild", () => ObserveAsync(cluster, cancellationToken)) is var seen && !IsSecondaryOf(seen, primarySeen.Cluster.Arn))
        {
            if (seen.Member is null)
            {
                throw new InvalidOperationException(Detached(cluster));
            }

            waited = true;
            await Task.Delay(PollInterval, clock, cancellationToken);
        }

        return new StandbyRebuild(StandbyRebuild.Attached, waited
            ? $"cluster {cluster.Cluster} rejoined global cluster {settings.GlobalCluster} as a secondary of {primary.Cluster} (Aurora rejoins an old primary itself)"
            : $"cluster {cluster.Cluster} is a secondary of {primary.Cluster} in global cluster {settings.GlobalCluster}");
    }

    /// <summary>True when the site's cluster is an available secondary member and the primary site's cluster the writer, with no switchover or failover under way.</summary>
    public async Task<bool> IsStandbyOfAsync(string site, string primarySite, CancellationToken cancellationToken)
    {
        try
        {
            var primary = await DescribeClusterAsync(Cluster(primarySite), cancellationToken);
            return IsSecondaryOf(await ObserveAsync(Cluster(site), cancellationToken), primary.Arn);
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return false;
        }
    }

    private static bool IsSecondaryOf(Observed seen, string? primaryArn) =>
        seen.Member is { IsWriter: false } && seen.Cluster.Status == "available" && seen.Global is { FailoverStatus: null } global && global.Member(primaryArn) is { IsWriter: true };

    /// <summary>Nothing to configure: Aurora replicates to every secondary asynchronously (the plan has no replication mode); it holds when the standby is a secondary of the primary.</summary>
    public async Task ConfigureReplicationAsync(string primarySite, string standbySite, CancellationToken cancellationToken)
    {
        if (!await IsStandbyOfAsync(standbySite, primarySite, cancellationToken))
        {
            throw new InvalidOperationException($"aws-aurora-global cluster {Cluster(standbySite).Cluster} is not an available secondary of {Cluster(primarySite).Cluster} in global cluster {settings.GlobalCluster}");
        }
    }

    public Task<bool> IsReplicationConfiguredAsync(string primarySite, string standbySite, CancellationToken cancellationToken) =>
        IsStandbyOfAsync(standbySite, primarySite, cancellationToken);

    /// <summary>Says what is not captured, in the file and in the report (<see cref="UncapturedDivergence"/>).</summary>
    public Task<DivergenceReport> CaptureDivergenceAsync(string oldSite, string primarySite, string sqlPath, CancellationToken cancellationToken)
    {
        var old = Cluster(oldSite);
        var uncaptured = $"aws-aurora-global: the writes cluster {old.Cluster} ({old.Region}) took after the failover to site {primarySite} are not captured: the RDS API cannot read them (after a failover with data loss, look for the snapshot Aurora takes of the old primary cluster before it rejoins: DescribeDBClusterSnapshots in {old.Region})";
        return Task.FromResult(UncapturedDivergence.Write(oldSite, sqlPath, uncaptured));
    }

    public Task<ConsistencyReport> CompareAsync(string primarySite, string standbySite, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"aws-aurora-global cannot compare sites {primarySite} and {standbySite}: {CannotCompare}");

    private string OtherSite(string site)
    {
        var others = settings.Clusters.Keys.Where(k => k != site).ToList();
        return others is [var other]
            ? other
            : throw new InvalidOperationException($"aws-aurora-global: a switchover from site {site} needs exactly one other site's cluster in the plan, found {others.Count}");
    }

    private string Detached(AwsAuroraCluster cluster) =>
        $"aws-aurora-global cluster {cluster.Cluster} in {cluster.Region} is not a member of global cluster {settings.GlobalCluster} (detached): the API cannot make a detached cluster a member again; rebuild the global database by hand around its writer (a new secondary cluster with CreateDBCluster and GlobalClusterIdentifier, or CreateGlobalCluster from a standalone writer) and name the clusters in the plan";
}
