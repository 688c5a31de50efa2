using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary><c>objects.provider: aws-s3</c> — a bucket per site with cross-region replication.</summary>
internal sealed partial class AwsS3Schema : IProviderSchema
{
    private const string Rule = "3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit";

    public ResourceKind Kind => ResourceKind.Objects;

    public string Name => "aws-s3";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var buckets = context.ReadPerSite(config, (block, site) =>
        {
            var bucket = ProviderChecks.Named(block, "bucket", BucketPattern(), Rule);
            var region = AwsChecks.Region(block, site);
            return bucket is null || region is null ? null : new AwsS3Bucket(bucket, region);
        });
        ProviderChecks.DistinctPerSite(config, buckets, b => b.Bucket, "bucket");
        return buckets.Count == context.Sites.Length ? new AwsS3Settings(buckets) : null;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();
}

/// <summary>Settings of the <c>aws-s3</c> objects provider.</summary>
public sealed record AwsS3Settings(ImmutableDictionary<string, AwsS3Bucket> Buckets) : ProviderSettings;

/// <summary>One site's bucket.</summary>
public sealed record AwsS3Bucket(string Bucket, string Region);
