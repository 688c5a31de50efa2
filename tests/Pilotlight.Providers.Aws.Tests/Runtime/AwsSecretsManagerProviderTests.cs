using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.SecretsManager;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>The aws-secrets-manager provider of the seed plan against moto: a replicated secret, one never replicated, and the replica rules.</summary>
[Collection(SharedMoto.Name)]
public sealed class AwsSecretsManagerProviderTests(MotoServer moto) : SeedPlanTest(moto, TimeSpan.FromSeconds(30))
{
    private AwsSecretsManagerProvider NewProvider() => AwsRuntime.Secrets(Seed.Settings<AwsSecretsManagerSettings>(ResourceKind.Secrets), Client);

    [Fact]
    public async Task Replicated_BothSitesPresent_SameVersionFingerprint_NoProblem_ThroughTheRegistry()
    {
        await Seed.ProvisionSecretAsync(Moto, Token);
        Seed.CreateThroughRegistry(ResourceKind.Secrets).ShouldBeOfType<AwsSecretsManagerProvider>("the registry's factory builds the runtime provider");
        var secrets = NewProvider(); // the same, on moto's client

        var eu = await secrets.GetStatusAsync("eu", Token);
        var us = await secrets.GetStatusAsync("us", Token);

        (eu.Present, eu.Problem, us.Present, us.Problem).ShouldBe((true, null, true, null));
        eu.Fingerprint.ShouldNotBeNull().ShouldStartWith("version ");
        us.Fingerprint.ShouldBe(eu.Fingerprint, "a replica in sync holds the primary's current version");
        eu.Fingerprint.ShouldNotContain("not-a-secret-2");
    }

    [Fact]
    public async Task NeverReplicated_StandbyNotPresent_OneLineNamingSecretRegionAndCode()
    {
        await Seed.ProvisionSecretAsync(Moto, Token, replicated: false);

        var us = await NewProvider().GetStatusAsync("us", Token);

        us.Present.ShouldBeFalse();
        us.Fingerprint.ShouldBeNull();
        us.Problem.ShouldBe($"aws-secrets-manager secret {Seed.Secret} in us-west-2 does not exist (ResourceNotFoundException)");
    }

    [Fact]
    public async Task NewVersionInThePrimary_TheReplicaFollows_FingerprintsStayEqual()
    {
        await Seed.ProvisionSecretAsync(Moto, Token);
        var secrets = NewProvider();
        var before = (await secrets.GetStatusAsync("eu", Token)).Fingerprint;
        await Moto.Boto3Async($"""client("secretsmanager", "eu-west-1").put_secret_value(SecretId="{Seed.Secret}", SecretString="rotated")""", Token);

        var eu = await secrets.GetStatusAsync("eu", Token);
        var us = await secrets.GetStatusAsync("us", Token);

        eu.Fingerprint.ShouldNotBe(before, "a new AWSCURRENT version is a new fingerprint");
        us.Fingerprint.ShouldBe(eu.Fingerprint);
        us.Problem.ShouldBeNull();
    }

    [Theory]
    [InlineData("Failed", "v1", "replication from eu-west-1 is Failed (KMS key not found); expected InSync")]
    [InlineData("InProgress", "v1", "replication from eu-west-1 is InProgress (KMS key not found); expected InSync")]
    [InlineData("InSync", "v0", "current version v0 is not the primary's v1 in eu-west-1")]
    [InlineData(null, "v1", "its primary in eu-west-1 lists no replica in us-west-2")]
    public void ReplicaProblem_NotInSyncOrAnotherVersionOrUnlisted_SaysWhich(string? status, string replicaVersion, string why)
    {
        var provider = NewProvider();
        var primary = new SecretDescription
        {
            Name = "s",
            CurrentVersion = "v1",
            Replicas = status is null ? [] : [new SecretReplica("us-west-2", status, "KMS key not found")],
        };
        var replica = new SecretDescription { Name = "s", CurrentVersion = replicaVersion, PrimaryRegion = "eu-west-1" };

        provider.ReplicaProblem("us-west-2", replica, primary).ShouldBe($"aws-secrets-manager secret {Seed.Secret} in us-west-2: {why}");
        provider.ReplicaProblem("us-west-2", replica with { CurrentVersion = "v1" }, primary with { Replicas = [new SecretReplica("us-west-2", "InSync", null)] }).ShouldBeNull();
    }

    [Fact]
    public void Plan_BothSitesInOneRegion_Refused()
    {
        var text = File.ReadAllText(Path.Combine(Repository(), "examples", "aws.yaml")).Replace("region: us-west-2", "region: eu-west-1", StringComparison.Ordinal);
        var result = PlanFile.Parse("aws.yaml", text, Cli.PlanProviders.Registry, TimeProvider.System);
        result.Problems.Select(p => p.ToString()).ShouldContain(p => p.Contains("every site's secret is in region eu-west-1", StringComparison.Ordinal));
    }

    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Pilotlight.slnx")))
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }
}
