using System.Collections.Immutable;
using Pilotlight.Core.Costs;
using Pilotlight.Core.Plans;
using Pilotlight.Providers.Aws;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// What <c>pilotlight cost</c> prices, taken from the providers' settings: the composition root knows the AWS
/// settings records, Core's calculation knows only instance types, classes and regions.
/// </summary>
internal static class CostInputs
{
    public const string Needed = "cost needs AWS compute and database instance types: compute aws-asg or aws-ecs with instance_type, database aws-rds or aws-aurora-global with instance_class";

    /// <summary>The input, or the one line that says what the plan lacks for it.</summary>
    public static (CostInput? Input, string? Problem) From(Plan plan)
    {
        var compute = plan.Resource(ResourceKind.Compute);
        var database = plan.Resource(ResourceKind.Database);
        if (compute?.Settings is not (AwsAsgSettings or AwsEcsSettings) || database?.Settings is not (AwsRdsSettings or AwsAuroraGlobalSettings))
        {
            return (null, $"{Needed}; plan '{plan.Name}' has compute {compute?.Provider ?? "none"} and database {database?.Provider ?? "none"}");
        }

        var unset = new List<string>();
        var sites = ImmutableDictionary.CreateBuilder<string, CostSite>(StringComparer.Ordinal);
        foreach (var site in plan.Sites.Select(s => s.Name))
        {
            var (computeRegion, instanceType, perInstance, unit) = compute.Settings switch
            {
                AwsAsgSettings asg => (asg.Groups[site].Region, asg.Groups[site].InstanceType, 1, "instance"),
                AwsEcsSettings ecs => (ecs.Services[site].Region, ecs.Services[site].InstanceType, ecs.Services[site].TasksPerInstance, "task"),
                _ => throw new InvalidOperationException("unreachable"),
            };
            var (databaseRegion, instanceClass) = database.Settings switch
            {
                AwsRdsSettings rds => (rds.Instances[site].Region, rds.Instances[site].InstanceClass),
                AwsAuroraGlobalSettings aurora => (aurora.Clusters[site].Region, aurora.Clusters[site].InstanceClass),
                _ => throw new InvalidOperationException("unreachable"),
            };
            if (instanceType is null)
            {
                unset.Add($"compute.config.{site}.instance_type");
            }

            if (instanceClass is null)
            {
                unset.Add($"database.config.{site}.instance_class");
            }

            if (instanceType is not null && instanceClass is not null)
            {
                sites.Add(site, new CostSite(computeRegion, instanceType, databaseRegion, instanceClass) { UnitsPerInstance = perInstance, Unit = unit });
            }
        }

        if (unset.Count > 0)
        {
            return (null, $"{Needed}; plan '{plan.Name}' does not set {string.Join(", ", unset)}");
        }

        return (new CostInput(sites.ToImmutable(), database.Settings is AwsAuroraGlobalSettings ? PricedDatabase.Aurora : PricedDatabase.Rds), null);
    }
}
