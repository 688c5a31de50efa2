using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary><c>objects.provider: aws-s3</c> — a bucket per site with cross-region replication (optional per site <c>replication_role</c>).</summary>
internal sealed partial class AwsS3Schema : IProviderFactory
{
    private const string RoleRule = "an IAM role ARN such as arn:aws:iam::123456789012:role/s3-replication, which may replicate from this site's bucket";
    private const string Rule = "3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit";

    public ResourceKind Kind => ResourceKind.Objects;

    public string Name => "aws-s3";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var buckets = context.ReadPerSite(config, (block, site) =>
        {
            var bucket = ProviderChecks.Named(block, "bucket", BucketPattern(), Rule);
            var region = AwsChecks.Region(block, site);
            var role = block.Text("replication_role", expected: RoleRule);
            if (role is not null && !RolePattern().IsMatch(role))
            {
                block.Report("replication_role", $"'{role}' is not an IAM role ARN", RoleRule);
                return null;
            }

            return bucket is null || region is null ? null : new AwsS3Bucket(bucket, region) { ReplicationRole = role };
        });
        ProviderChecks.DistinctPerSite(config, buckets, b => b.Bucket, "bucket");
        return buckets.Count == context.Sites.Length ? new AwsS3Settings(buckets) : null;
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context) =>
        Runtime.AwsRuntime.Objects(settings as AwsS3Settings ?? throw new ArgumentException("not aws-s3 settings", nameof(settings)), Client.S3.S3Clients.FromEnvironment(), context);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex RolePattern();
}

/// <summary>Settings of the <c>aws-s3</c> objects provider.</summary>
public sealed record AwsS3Settings(ImmutableDictionary<string, AwsS3Bucket> Buckets) : ProviderSettings;

/// <summary>One site's bucket.</summary>
public sealed record AwsS3Bucket(string Bucket, string Region)
{
    /// <summary>The IAM role S3 replicates from this bucket with (<c>replication_role:</c>); null: the bucket's configured one.</summary>
    public string? ReplicationRole { get; init; }
}
