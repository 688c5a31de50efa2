using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client.S3;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// The aws-s3 provider of the seed plan against moto (which stores replication configurations but copies nothing):
/// direction from the rules, backlog from the listings, a reversal that turns the old rule off and copies what is missing.
/// </summary>
[Collection(SharedMoto.Name)]
public sealed class AwsS3ObjectStoreTests(MotoServer moto) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly S3Clients _s3 = moto.S3();
    private readonly SeedPlan _seed = SeedPlan.Read(Guid.NewGuid().ToString("N")[..8]);

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _seed.Dispose();
        _s3.Dispose();
        _timeout.Dispose();
    }

    private AwsS3ObjectStore NewStore() => AwsRuntime.Objects(_seed.Settings<AwsS3Settings>(ResourceKind.Objects), _s3, _seed.Context);

    [Fact]
    public async Task Provisioned_DirectionEuToUs_BacklogTheObjectsWrittenBeforeTheRule_ThroughTheRegistry()
    {
        await _seed.ProvisionBucketsAsync(moto, Token, objects: 3);
        _seed.CreateThroughRegistry(ResourceKind.Objects).ShouldBeOfType<AwsS3ObjectStore>("the registry's factory builds the runtime provider");
        var store = NewStore();

        (await store.GetDirectionAsync(Token)).ShouldBe(new ReplicationDirection("eu", "us"));
        var backlog = await store.GetBacklogAsync("eu", "us", Token);
        backlog.PendingObjects.ShouldBe(3, "moto copies nothing: all three are pending");
        backlog.OldestPendingAge.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
    }

    [Fact]
    public async Task Replicate_UsToEu_OldRuleOff_NewRuleOn_MissingObjectsCopied_ThenBackAgain()
    {
        await _seed.ProvisionBucketsAsync(moto, Token, objects: 2);
        await moto.Boto3Async($"""client("s3", "us-west-2").put_object(Bucket="{_seed.Bucket("us")}", Key="written-in-us-after-failover.txt", Body=b"new primary")""", Token);
        var store = NewStore();

        await store.ReplicateAsync("us", "eu", Token);

        (await store.GetDirectionAsync(Token)).ShouldBe(new ReplicationDirection("us", "eu"));
        (await store.GetBacklogAsync("us", "eu", Token)).PendingObjects.ShouldBe(0);
        var rules = await moto.Boto3Async($$"""
            eu = client("s3", "eu-west-1").get_bucket_replication(Bucket="{{_seed.Bucket("eu")}}")["ReplicationConfiguration"]
            us = client("s3", "us-west-2").get_bucket_replication(Bucket="{{_seed.Bucket("us")}}")["ReplicationConfiguration"]
            print(sorted((r["ID"], r["Status"]) for r in eu["Rules"]), us["Role"], [(r["Status"], r["Destination"]["Bucket"]) for r in us["Rules"]])
            print(client("s3", "eu-west-1").get_object(Bucket="{{_seed.Bucket("eu")}}", Key="written-in-us-after-failover.txt")["Body"].read().decode())
            """, Token);
        rules.ShouldContain($"[('pilotlight', 'Disabled')]", Case.Sensitive, "eu's rule towards us replaced by a disabled one (the terraform rule had us as its destination)");
        rules.ShouldContain($"[('Enabled', 'arn:aws:s3:::{_seed.Bucket("eu")}')]");
        rules.ShouldContain("new primary");
        rules.ShouldContain("arn:aws:iam::123456789012:role/shop-s3-replication-us", Case.Sensitive, "us had no configuration: its role is the plan's replication_role for us");

        await store.ReplicateAsync("eu", "us", Token);
        (await store.GetDirectionAsync(Token)).ShouldBe(new ReplicationDirection("eu", "us"));
        (await store.GetBacklogAsync("eu", "us", Token)).PendingObjects.ShouldBe(0);
    }

    [Fact]
    public async Task Replicate_FromABucketWithoutRole_RefusedInOneLine_NothingChanged()
    {
        await _seed.ProvisionBucketsAsync(moto, Token, objects: 1);
        var settings = _seed.Settings<AwsS3Settings>(ResourceKind.Objects);
        var store = AwsRuntime.Objects(settings with { Buckets = settings.Buckets.SetItem("us", settings.Buckets["us"] with { ReplicationRole = null }) }, _s3, _seed.Context);

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => store.ReplicateAsync("us", "eu", Token));

        refused.Message.ShouldBe($"aws-s3 bucket {_seed.Bucket("us")} (us) has no replication configuration to take a role from and the plan names no replication_role for site 'us'; expected an IAM role ARN that may replicate from it");
        (await store.GetDirectionAsync(Token)).ShouldBe(new ReplicationDirection("eu", "us"), "refused before the old rule was touched");
    }
}
