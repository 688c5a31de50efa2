using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Rds;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// Failback and planned switchover for RDS, which cannot turn a primary back into a replica: the demotion is the
/// fence, its token the time the fence was confirmed; an old primary is renamed out of the way (never deleted) and
/// a new cross-region read replica created under the plan's name. The RDS API reads no table, so divergence cannot be
/// captured nor tables compared: both say so.
/// </summary>
internal sealed partial class AwsRdsDatabaseProvider
{
    private const string RetiredInfix = "-retired-";

    public string? CannotCompare => "the RDS API cannot read tables (compare the instances with your own queries)";

    public async Task<ImmutableArray<string>> CheckOperableAsync(string site, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        var problems = ImmutableArray.CreateBuilder<string>();
        if (instance.FenceSecurityGroup is null)
        {
            problems.Add($"aws-rds instance {instance.Instance}: no fence_security_group for site {site} in the plan (database.config.{site}.fence_security_group): it cannot be demoted");
        }

        try
        {
            await DescribeAsync(instance, cancellationToken);
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            problems.Add($"aws-rds instance {instance.Instance} in {instance.Region}: {e.Message}");
        }

        return problems.ToImmutable();
    }

    /// <summary>The fence; the token is the UTC time it was confirmed (ISO 8601 "O"). A fenced instance returns its saved token.</summary>
    public async Task<string> DemoteAsync(string site, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        var fence = await Translate(instance, () => FenceWithAsync(instance, FenceGroup(site, instance), cancellationToken));
        return fence.ConfirmedAt!.Value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// True when the replica's ReplicaLag has a datapoint whose period starts at or after the token with a maximum of
    /// 0: at that time it held everything, and the primary took no write after the token. No datapoint: false.
    /// </summary>
    private static readonly TimeSpan ReplayQuestionInterval = TimeSpan.FromSeconds(3);
    private DateTimeOffset _nextReplayQuestion;

    public async Task<bool> HasReplayedAsync(string site, string token, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        if (!DateTimeOffset.TryParseExact(token, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var fencedAt))
        {
            throw new ArgumentException($"aws-rds: '{token}' is not a demotion token of aws-rds (a UTC time)", nameof(token));
        }

        // The runbook asks again at once when told no (PostgreSQL answers in microseconds); CloudWatch is asked at most
        // every few seconds, a datapoint lands a minute or more after its period anyway.
        var wait = _nextReplayQuestion - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, cancellationToken);
        }

        var now = clock.GetUtcNow();
        _nextReplayQuestion = now + ReplayQuestionInterval;
        // From the first whole second after the fence: CloudWatch dates a period by its start (rounded down to the
        // period on AWS, to the second by moto), and only a period that starts after the fence proves anything.
        var from = new DateTimeOffset(fencedAt.UtcTicks - (fencedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(fencedAt.UtcTicks % TimeSpan.TicksPerSecond == 0 ? 0 : 1);
        var points = await Translate(instance, () => cloudWatch.ReplicaLagAsync(instance.Region, instance.Instance, from, now.AddMinutes(1), 60, cancellationToken));
        return points.Any(p => p.Timestamp >= fencedAt && p.Maximum == 0);
    }

    /// <summary>
    /// Renames the site's instance to <c>&lt;instance&gt;-retired-&lt;yyyyMMddHHmmss&gt;</c> (kept, never deleted), then creates
    /// a read replica of the primary under the plan's name with the groups the instance had before its fence, and
    /// waits until it is available. A rerun after a crash between the rename and the create creates it.
    /// </summary>
    public async Task<StandbyRebuild> RebuildAsStandbyAsync(string site, string primarySite, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        var primary = Instance(primarySite);
        var current = await Translate(instance, () => FindAsync(instance, cancellationToken));
        if (current is not null && IsReplicaOf(instance, current, primary))
        {
            await WaitAvailableAsync(instance, cancellationToken);
            fences.Update(instance, _ => null);
            return await RetiredAsync(instance, cancellationToken) is { } earlier
                ? Rebuilt(instance, primary, earlier)
                : new StandbyRebuild(StandbyRebuild.Attached, $"instance {instance.Instance} is already a read replica of {primary.Instance}");
        }

        var retired = current is null ? await RetiredAsync(instance, cancellationToken) : await RetireAsync(instance, current, cancellationToken);
        var source = await Translate(primary, () => DescribeAsync(primary, cancellationToken));
        var groups = fences.Get(instance)?.PreviousGroups ?? [.. retired?.VpcSecurityGroups.Select(g => g.Id) ?? []];
        // Before the create: a promotion recorded under this name is the retired instance's, and a rerun after a crash
        // right after the create must see the new replica as one (its source may be the very one recorded).
        promotions.Forget(instance);
        await Translate(instance, () => rds.CreateReadReplicaAsync(instance.Region, new CreateReadReplica
        {
            Identifier = instance.Instance,
            Source = source.Arn ?? throw new InvalidOperationException($"aws-rds instance {primary.Instance}: DescribeDBInstances gave no DBInstanceArn"),
            InstanceClass = instance.InstanceClass,
            SubnetGroup = retired?.SubnetGroup,
            VpcSecurityGroupIds = groups,
        }, cancellationToken));
        await WaitAvailableAsync(instance, cancellationToken);
        fences.Update(instance, _ => null);
        return Rebuilt(instance, primary, retired);
    }

    public async Task<bool> IsStandbyOfAsync(string site, string primarySite, CancellationToken cancellationToken)
    {
        var instance = Instance(site);
        try
        {
            var found = await DescribeAsync(instance, cancellationToken);
            return found.Status == "available" && IsReplicaOf(instance, found, Instance(primarySite));
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return false;
        }
    }

    /// <summary>Nothing to configure: RDS replicates asynchronously only (the plan has no replication mode); it holds when the standby is a replica of the primary.</summary>
    public async Task ConfigureReplicationAsync(string primarySite, string standbySite, CancellationToken cancellationToken)
    {
        if (!await IsStandbyOfAsync(standbySite, primarySite, cancellationToken))
        {
            throw new InvalidOperationException($"aws-rds instance {Instance(standbySite).Instance} is not an available read replica of {Instance(primarySite).Instance}");
        }
    }

    public Task<bool> IsReplicationConfiguredAsync(string primarySite, string standbySite, CancellationToken cancellationToken) =>
        IsStandbyOfAsync(standbySite, primarySite, cancellationToken);

    /// <summary>Says what is not captured, in the file and in the report (<see cref="UncapturedDivergence"/>).</summary>
    public Task<DivergenceReport> CaptureDivergenceAsync(string oldSite, string primarySite, string sqlPath, CancellationToken cancellationToken)
    {
        var old = Instance(oldSite);
        var uncaptured = $"aws-rds: the writes instance {old.Instance} ({old.Region}) took after the fork from site {primarySite} are not captured: the RDS API cannot read them; the instance is kept as {old.Instance}{RetiredInfix}<time> (compare it with site {primarySite}'s primary, delete it once you no longer need it)";
        return Task.FromResult(UncapturedDivergence.Write(oldSite, sqlPath, uncaptured));
    }

    public Task<ConsistencyReport> CompareAsync(string primarySite, string standbySite, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"aws-rds cannot compare sites {primarySite} and {standbySite}: {CannotCompare}");

    private async Task<DbInstance> RetireAsync(AwsRdsInstance instance, DbInstance current, CancellationToken cancellationToken)
    {
        var name = $"{instance.Instance}{RetiredInfix}{clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
        if (name.Length > 63)
        {
            throw new InvalidOperationException($"aws-rds cannot rename instance {instance.Instance} out of the way: {name} is longer than 63 characters");
        }

        await Translate(instance, () => rds.ModifyDbInstanceAsync(instance.Region, new ModifyDbInstance { Identifier = instance.Instance, NewIdentifier = name }, cancellationToken));
        // The old name is taken until the rename is done (status renaming on AWS).
        while (await Translate(instance, () => FindAsync(instance, cancellationToken)) is not null)
        {
            await Task.Delay(PollInterval, clock, cancellationToken);
        }

        return current with { Identifier = name };
    }

    /// <summary>The latest instance retired under this name (the timestamps sort), or null.</summary>
    private async Task<DbInstance?> RetiredAsync(AwsRdsInstance instance, CancellationToken cancellationToken) =>
        (await Translate(instance, () => rds.DescribeDbInstancesAsync(instance.Region, null, cancellationToken)))
            .Where(i => i.Identifier.StartsWith(instance.Instance + RetiredInfix, StringComparison.Ordinal)).MaxBy(i => i.Identifier, StringComparer.Ordinal);

    private async Task<DbInstance?> FindAsync(AwsRdsInstance instance, CancellationToken cancellationToken)
    {
        try
        {
            return await DescribeAsync(instance, cancellationToken);
        }
        catch (AwsException e) when (e.Message.Contains("DBInstanceNotFound", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>A replica whose source is the primary's instance, by identifier or by ARN (cross-region), not promoted since.</summary>
    private bool IsReplicaOf(AwsRdsInstance instance, DbInstance found, AwsRdsInstance primary) =>
        found.ReplicaSource is { } source && !promotions.WasPromoted(instance, source)
        && (source == primary.Instance || (source.Split(':') is ["arn", _, "rds", var region, _, "db", var name] && region == primary.Region && name == primary.Instance));

    private static StandbyRebuild Rebuilt(AwsRdsInstance instance, AwsRdsInstance primary, DbInstance? retired) => new(
        StandbyRebuild.BaseBackup,
        $"new read replica {instance.Instance} of {primary.Instance} ({primary.Region}); the old instance is kept as {retired?.Identifier ?? "(none found)"}: delete it once you no longer need it");
}
