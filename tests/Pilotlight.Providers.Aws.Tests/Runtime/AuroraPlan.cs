using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// examples/aws.yaml with its aws-rds database replaced by an Aurora global database (this test's own names: a global
/// cluster, eu-west-1's cluster its writer, us-west-2's its secondary), read through the CLI's registry like any plan;
/// the clusters provisioned into moto with boto3 as a user's Terraform would.
/// </summary>
internal sealed class AuroraPlan : IDisposable
{
    private const string RdsBlock = """
          provider: aws-rds
          config:
            eu: { instance: shop-db-eu, instance_class: db.r6g.large, fence_security_group: sg-0fe0ce0000000000e }
            us: { instance: shop-db-us-replica, instance_class: db.r6g.large, fence_security_group: sg-0fe0ce0000000000f }
        """;

    private AuroraPlan(string id, Plan plan)
    {
        Id = id;
        Plan = plan;
    }

    public string Id { get; }

    public Plan Plan { get; }

    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("pilotlight-aurora-state-").FullName;

    public string Global => GlobalOf(Id);

    public static string GlobalOf(string id) => $"global-{id}";

    public ProviderBuildContext Context => new(Plan, StateDirectory, StateDirectory, TimeProvider.System);

    public AwsAuroraGlobalSettings Settings => Binding.Settings.ShouldBeOfType<AwsAuroraGlobalSettings>();

    private ResourceBinding Binding => Plan.Resource(ResourceKind.Database).ShouldNotBeNull();

    public static string Cluster(string id, string site) => $"shop-{id}-{site}";

    /// <summary>The plan's text, with <c>promotion: VALUE</c> in the database's config when <paramref name="promotion"/> is given.</summary>
    public static string Text(string id, string? promotion)
    {
        var text = File.ReadAllText(SeedPlan.ExamplePath("aws.yaml"));
        text.ShouldContain(RdsBlock, Case.Sensitive, "examples/aws.yaml's database block changed: this test replaces it");
        return text.Replace(RdsBlock, $$"""
              provider: aws-aurora-global
              config:
                global_cluster: global-{{id}}
            {{(promotion is null ? "" : $"    promotion: {promotion}\n")}}    eu: { cluster: {{Cluster(id, "eu")}}, instance_class: db.r6g.large }
                us: { cluster: {{Cluster(id, "us")}}, instance_class: db.r6g.large }
            """, StringComparison.Ordinal);
    }

    public static PlanReadResult Parse(string id, string? promotion) => PlanFile.Parse("aws.yaml", Text(id, promotion), Cli.PlanProviders.Registry, TimeProvider.System);

    public static AuroraPlan Read(string id, string? promotion = null)
    {
        var result = Parse(id, promotion);
        return new AuroraPlan(id, result.Plan.ShouldNotBeNull(string.Join("; ", result.Problems)));
    }

    /// <summary>The runtime provider built by the plan's registered factory — the path pilotlight itself takes.</summary>
    public object CreateThroughRegistry() =>
        Cli.PlanProviders.Registry.Find(ResourceKind.Database, Binding.Provider).ShouldBeAssignableTo<IProviderFactory>().ShouldNotBeNull().Create(Binding.Settings, Context);

    /// <summary>The global cluster (created in eu-west-1), eu's cluster its writer and us's its secondary.</summary>
    public Task ProvisionAsync(MotoServer moto, CancellationToken cancellationToken) => moto.Boto3Async(ProvisionScript(Id), cancellationToken);

    /// <summary>The boto3 lines that create test <paramref name="id"/>'s global cluster and both regional clusters (the seed world's too).</summary>
    public static string ProvisionScript(string id) => $$$"""
        eu = client("rds", "eu-west-1")
        eu.create_global_cluster(GlobalClusterIdentifier="{{{GlobalOf(id)}}}", Engine="aurora-postgresql", EngineVersion="15.4")
        eu.create_db_cluster(DBClusterIdentifier="{{{Cluster(id, "eu")}}}", Engine="aurora-postgresql", EngineVersion="15.4", MasterUsername="shop",
            MasterUserPassword="not-a-secret-1", GlobalClusterIdentifier="{{{GlobalOf(id)}}}")
        client("rds", "us-west-2").create_db_cluster(DBClusterIdentifier="{{{Cluster(id, "us")}}}", Engine="aurora-postgresql", EngineVersion="15.4",
            GlobalClusterIdentifier="{{{GlobalOf(id)}}}")
        """;

    /// <summary>The global cluster's members as moto holds them: "ARN writer|reader" per line.</summary>
    public async Task<string> MembersAsync(MotoServer moto, CancellationToken cancellationToken) => (await moto.Boto3Async($$$"""
        g = [g for g in client("rds", "eu-west-1").describe_global_clusters()["GlobalClusters"] if g["GlobalClusterIdentifier"] == "{{{Global}}}"][0]
        for m in g["GlobalClusterMembers"]:
            print(m["DBClusterArn"], "writer" if m["IsWriter"] else "reader")
        """, cancellationToken)).Trim();

    public void Dispose() => Directory.Delete(StateDirectory, recursive: true);
}
