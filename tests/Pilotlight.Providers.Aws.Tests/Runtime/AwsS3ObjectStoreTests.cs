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
public sealed class AwsS3ObjectStoreTests(MotoServer moto) : SeedPlanTest(moto, TimeSpan.FromSeconds(60))
{
    private readonly S3Clients _s3 = moto.S3();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _s3.Dispose();
        }

        base.Dispose(disposing);
    }

    private AwsS3ObjectStore NewStore() => AwsRuntime.Objects(Seed.Settings<AwsS3Settings>(ResourceKind.Objects), _s3, Seed.Context);

    [Fact]
    public async Task Provisioned_DirectionEuToUs_BacklogTheObjectsWrittenBeforeTheRule_ThroughTheRegistry()
    {
        await Seed.ProvisionBucketsAsync(Moto, Token, objects: 3);
        Seed.CreateThroughRegistry(ResourceKind.Objects).ShouldBeOfType<AwsS3ObjectStore>("the registry's factory builds the runtime provider");
        var store = NewStore();

        (await store.GetDirectionAsync(Token)).ShouldBe(new ReplicationDirection("eu", "us"));
        var backlog = await store.GetBacklogAsync("eu", "us", Token);
        backlog.PendingObjects.ShouldBe(3, "moto copies nothing: all three are pending");
        backlog.OldestPendingAge.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
    }

    [Fact]
    public async Task Replicate_UsToEu_OldRuleOff_NewRuleOn_MissingObjectsCopied_ThenBackAgain()
    {
        await Seed.ProvisionBucketsAsync(Moto, Token, objects: 2);
        await Moto.Boto3Async($"""client("s3", "us-west-2").put_object(Bucket="{Seed.Bucket("us")}", Key="written-in-us-after-failover.txt", Body=b"new primary")""", Token);
        var store = NewStore();

        await store.ReplicateAsync("us", "eu", Token);

        (await store.GetDirectionAsync(Token)).ShouldBe(new ReplicationDirection("us", "eu"));
        (await store.GetBacklogAsync("us", "eu", Token)).PendingObjects.ShouldBe(0);
        var rules = await Moto.Boto3Async($$"""
            eu = client("s3", "eu-west-1").get_bucket_replication(Bucket="{{Seed.Bucket("eu")}}")["ReplicationConfiguration"]
            us = client("s3", "us-west-2").get_bucket_replication(Bucket="{{Seed.Bucket("us")}}")["ReplicationConfiguration"]
            print(sorted((r["ID"], r["Status"]) for r in eu["Rules"]), us["Role"], [(r["Status"], r["Destination"]["Bucket"]) for r in us["Rules"]])
            print(client("s3", "eu-west-1").get_object(Bucket="{{Seed.Bucket("eu")}}", Key="written-in-us-after-failover.txt")["Body"].read().decode())
            """, Token);
        rules.ShouldContain($"[('pilotlight', 'Disabled')]", Case.Sensitive, "eu's rule towards us replaced by a disabled one (the terraform rule had us as its destination)");
        rules.ShouldContain($"[('Enabled', 'arn:aws:s3:::{Seed.Bucket("eu")}')]");
        rules.ShouldContain("new primary");
        rules.ShouldContain("arn:aws:iam::123456789012:role/shop-s3-replication-us", Case.Sensitive, "us had no configuration: its role is the plan's replication_role for us");

        await store.ReplicateAsync("eu", "us", Token);
        (await store.GetDirectionAsync(Token)).ShouldBe(new ReplicationDirection("eu", "us"));
        (await store.GetBacklogAsync("eu", "us", Token)).PendingObjects.ShouldBe(0);
    }

    [Fact]
    public async Task Replicate_FromABucketWithoutRole_RefusedInOneLine_NothingChanged()
    {
        await Seed.ProvisionBucketsAsync(Moto, Token, objects: 1);
        var settings = Seed.Settings<AwsS3Settings>(ResourceKind.Objects);
        var store = AwsRuntime.Objects(settings with { Buckets = settings.Buckets.SetItem("us", settings.Buckets["us"] with { ReplicationRole = null }) }, _s3, Seed.Context);

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => store.ReplicateAsync("us", "eu", Token));

        refused.Message.ShouldBe($"aws-s3 bucket {Seed.Bucket("us")} (us) has no replication configuration to take a role from and the plan names no replication_role for site 'us'; expected an IAM role ARN that may replicate from it");
        (await store.GetDirectionAsync(Token)).ShouldBe(new ReplicationDirection("eu", "us"), "refused before the old rule was touched");
    }
}
