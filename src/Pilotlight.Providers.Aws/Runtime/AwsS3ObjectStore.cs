using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.S3;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// <c>aws-s3</c>: a bucket per site and S3 replication between them. The direction is the bucket whose replication
/// configuration has an enabled rule towards the other's. Reversing turns the old rule off before the new one is
/// put (other rules of either bucket are kept), then copies what the new target lacks with CopyObject — S3
/// replication copies only objects written after its rule exists — and proves every object the source held is there.
/// The backlog compares the two listings (objects missing, or of another size or ETag, in the target).
/// </summary>
internal sealed class AwsS3ObjectStore(AwsS3Settings settings, S3Clients s3, TimeProvider clock) : IObjectStoreProvider
{
    private const string RuleId = "pilotlight";
    private const long CopyLimit = 5L * 1024 * 1024 * 1024; // CopyObject's; larger objects need S3 Batch Replication

    public async Task<ObjectBacklog> GetBacklogAsync(string source, string target, CancellationToken cancellationToken)
    {
        var pending = Pending(await ListAsync(source, cancellationToken), await ListAsync(target, cancellationToken));
        var oldest = pending.Count == 0 ? TimeSpan.Zero : clock.GetUtcNow() - pending.Min(o => o.Modified);
        return new ObjectBacklog(pending.Count, oldest < TimeSpan.Zero ? TimeSpan.Zero : oldest);
    }

    public async Task ReplicateAsync(string source, string target, CancellationToken cancellationToken)
    {
        if (source == target)
        {
            throw new ArgumentException($"objects cannot replicate from site '{source}' to itself", nameof(target));
        }

        // Nothing changes unless the new rule can be put; then the old direction goes off first, so the new
        // primary's objects are never replicated back over by the old rule.
        var role = RoleOf(source, await ReplicationAsync(source, cancellationToken));
        await SetRuleAsync(target, towards: source, enabled: false, null, cancellationToken);
        await SetRuleAsync(source, towards: target, enabled: true, role, cancellationToken);

        var held = await ListAsync(source, cancellationToken);
        foreach (var missing in Pending(held, await ListAsync(target, cancellationToken)))
        {
            await CopyAsync(source, target, missing, cancellationToken);
        }

        var left = Pending(held, await ListAsync(target, cancellationToken));
        if (left.Count > 0)
        {
            throw new IOException($"aws-s3 replication {source}->{target} did not drain: {left.Count} of the {held.Count} object(s) in {Bucket(source).Bucket} are not in {Bucket(target).Bucket} (first: {left[0].Key}); call it again");
        }
    }

    public async Task<ReplicationDirection?> GetDirectionAsync(CancellationToken cancellationToken)
    {
        var sites = settings.Buckets.Keys.Order(StringComparer.Ordinal).ToList();
        var towards = new List<ReplicationDirection>();
        foreach (var site in sites)
        {
            var configuration = await ReplicationAsync(site, cancellationToken);
            foreach (var other in sites.Where(o => o != site && Enabled(configuration, o)))
            {
                towards.Add(new ReplicationDirection(site, other));
            }
        }

        return towards.Count == 1 ? towards[0] : null; // none, or both ways: it cannot be told
    }

    // Objects of the source that the target lacks, or holds with another size or content (ETag; a multipart ETag
    // changes with a copy, so there an equal size and a target at least as new count as replicated).
    private static List<Listed> Pending(IReadOnlyCollection<Listed> source, IReadOnlyCollection<Listed> target)
    {
        var there = target.ToDictionary(o => o.Key, StringComparer.Ordinal);
        return [.. source.Where(o => !there.TryGetValue(o.Key, out var t) || t.Size != o.Size || (t.ETag != o.ETag && !(o.ETag.Contains('-', StringComparison.Ordinal) && t.Modified >= o.Modified)))];
    }

    private string RoleOf(string site, ReplicationConfiguration? configuration) =>
        Bucket(site).ReplicationRole ?? configuration?.Role
            ?? throw new InvalidOperationException($"aws-s3 bucket {Bucket(site).Bucket} ({site}) has no replication configuration to take a role from and the plan names no replication_role for site '{site}'; expected an IAM role ARN that may replicate from it");

    private async Task SetRuleAsync(string site, string towards, bool enabled, string? role, CancellationToken cancellationToken)
    {
        var bucket = Bucket(site);
        var destination = Arn(towards);
        var configuration = await ReplicationAsync(site, cancellationToken);
        if (configuration is null && !enabled)
        {
            return; // nothing replicates from this bucket
        }

        var rules = configuration?.Rules ?? [];
        if (!enabled && !rules.Any(r => r.Destination?.BucketArn == destination && r.Status == ReplicationRuleStatus.Enabled))
        {
            return;
        }

        role ??= RoleOf(site, configuration);
        var kept = rules.Where(r => r.Destination?.BucketArn != destination).ToList();
        kept.Add(new ReplicationRule
        {
            Id = RuleId,
            Priority = kept.Count == 0 ? 1 : kept.Max(r => r.Priority ?? 0) + 1,
            Status = enabled ? ReplicationRuleStatus.Enabled : ReplicationRuleStatus.Disabled,
            Filter = new ReplicationRuleFilter { Prefix = "" },
            DeleteMarkerReplication = new DeleteMarkerReplication { Status = DeleteMarkerReplicationStatus.Disabled },
            Destination = new ReplicationDestination { BucketArn = destination },
        });
        await CallAsync(site, "PutBucketReplication", () => s3.For(bucket.Region).PutBucketReplicationAsync(
            new PutBucketReplicationRequest { BucketName = bucket.Bucket, Configuration = new ReplicationConfiguration { Role = role, Rules = kept } }, cancellationToken));
    }

    private async Task<ReplicationConfiguration?> ReplicationAsync(string site, CancellationToken cancellationToken)
    {
        var bucket = Bucket(site);
        try
        {
            return (await s3.For(bucket.Region).GetBucketReplicationAsync(new GetBucketReplicationRequest { BucketName = bucket.Bucket }, cancellationToken)).Configuration;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "ReplicationConfigurationNotFoundError")
        {
            return null;
        }
        catch (Exception e) when (IsRemoteFailure(e))
        {
            throw Failure(site, "GetBucketReplication", e);
        }
    }

    private async Task<IReadOnlyCollection<Listed>> ListAsync(string site, CancellationToken cancellationToken)
    {
        var bucket = Bucket(site);
        var listed = new List<Listed>();
        string? next = null;
        do
        {
            var page = await CallAsync(site, "ListObjectsV2", () => s3.For(bucket.Region).ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket.Bucket, ContinuationToken = next }, cancellationToken));
            listed.AddRange((page.S3Objects ?? []).Select(o => new Listed(o.Key, o.Size ?? 0, o.ETag ?? "", new DateTimeOffset(o.LastModified ?? DateTime.MinValue.ToUniversalTime()))));
            next = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (next is not null);
        return listed;
    }

    private Task<CopyObjectResponse> CopyAsync(string source, string target, Listed item, CancellationToken cancellationToken)
    {
        if (item.Size > CopyLimit)
        {
            throw new InvalidOperationException($"aws-s3 object {item.Key} in {Bucket(source).Bucket} is {item.Size / (1024 * 1024 * 1024)} GiB, over CopyObject's 5 GiB: copy it with S3 Batch Replication, then call again");
        }

        var to = Bucket(target);
        return CallAsync(target, "CopyObject", () => s3.For(to.Region).CopyObjectAsync(
            new CopyObjectRequest { SourceBucket = Bucket(source).Bucket, SourceKey = item.Key, DestinationBucket = to.Bucket, DestinationKey = item.Key }, cancellationToken));
    }

    private async Task<T> CallAsync<T>(string site, string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsRemoteFailure(e))
        {
            throw Failure(site, operation, e);
        }
    }

    /// <summary>An error S3 returned, or an answer that never came or cannot be read (a cut connection, a 200 with no XML).</summary>
    private static bool IsRemoteFailure(Exception e) => e is AmazonServiceException or AmazonClientException or HttpRequestException or System.Xml.XmlException or IOException;

    private AwsException Failure(string site, string operation, Exception e)
    {
        var bucket = Bucket(site);
        return e is AmazonServiceException service
            ? new AwsException("s3", operation, bucket.Region, (int)service.StatusCode, service.ErrorCode ?? "unknown", $"bucket {bucket.Bucket}: {service.Message}", e)
            : new AwsException("s3", operation, bucket.Region, 0, e is System.Xml.XmlException ? "MalformedResponse" : "ConnectionFailed", $"bucket {bucket.Bucket}: {e.Message.ReplaceLineEndings(" ")}", e);
    }

    private bool Enabled(ReplicationConfiguration? configuration, string towards) =>
        configuration?.Rules?.Any(r => r.Status == ReplicationRuleStatus.Enabled && r.Destination?.BucketArn == Arn(towards)) == true;

    private AwsS3Bucket Bucket(string site) =>
        settings.Buckets.TryGetValue(site, out var bucket) ? bucket : throw new ArgumentException($"the aws-s3 provider has no bucket for site '{site}'", nameof(site));

    private string Arn(string site) => $"arn:aws:s3:::{Bucket(site).Bucket}";

    private sealed record Listed(string Key, long Size, string ETag, DateTimeOffset Modified);
}
