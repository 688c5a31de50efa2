using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;
using Pilotlight.Engine;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// A provider whose schema is no factory validates plans and cannot act: building the plan's providers fails with one
/// line naming it. Every provider the CLI registers can act now, so the AWS plan's Aurora schema is wrapped as schema-only.
/// </summary>
public sealed class ProviderWithoutRuntimeTests
{
    [Fact]
    public void Build_DatabaseSchemaWithoutFactory_OneLineNamingTheProviderAndThoseThatCanAct()
    {
        using var plan = AuroraPlan.Read("schemaonly");
        var registry = ProviderRegistry.Empty.With(new AwsRoute53Schema()).With(new AwsAsgSchema()).With(new SchemaOnly(new AwsAuroraGlobalSchema()));

        var error = Should.Throw<EngineException>(() => PlanProviders.Build(plan.Plan, registry, plan.Context));

        error.Message.ShouldBe("database.provider 'aws-aurora-global' cannot act yet: this version validates plans that use it but has no runtime for it (providers that can act: compute aws-asg, traffic aws-route53)");
    }

    /// <summary>The schema alone, without its factory.</summary>
    private sealed class SchemaOnly(IProviderSchema schema) : IProviderSchema
    {
        public ResourceKind Kind => schema.Kind;

        public string Name => schema.Name;

        public ProviderSettings? Read(MapReader config, ProviderContext context) => schema.Read(config, context);
    }
}
